# Exception objects as Python code reads them: built-in fields (OSError, SyntaxError, UnicodeDecodeError,
# ImportError, SystemExit, StopIteration), the instance __dict__, notes, the getset setters and their errors.
for n in [6, 12, 64, 13, 20, 44, 31, 54, 27, 2, 63, 71, 73, 9999]:
    print(n, type(OSError(n, "x")).__name__)
e = OSError(2, "No such file", "a.txt")
print(str(e), repr(e), e.args, e.filename, e.filename2, e.strerror, e.errno)
e = OSError(2, "No such file", "a.txt", None, "b.txt")
print(str(e), repr(e), e.args)
e = OSError("just msg")
print(str(e), repr(e), e.args, e.errno, e.strerror)
e = OSError(1, 2, 3, 4, 5, 6)
print(str(e), repr(e), e.args, e.errno)
print(str(KeyError("a", "b")), str(KeyError()), str(KeyError(1)))
print(SystemExit().code, SystemExit(1, 2).code, StopIteration().value, StopIteration(1, 2).value)
s = SyntaxError("bad", ("f.py", 3, 4, "x = ", 3, 6))
print(str(s), repr(s), s.msg, s.filename, s.lineno, s.offset, s.text, s.end_lineno, s.end_offset, s.args)
print(str(SyntaxError("m")), SyntaxError("m").lineno)
u = UnicodeDecodeError("utf-8", b"\xff", 0, 1, "invalid start byte")
print(str(u), repr(u), u.encoding, u.object, u.start, u.end, u.reason)
print(str(ImportError("no mod", name="m")), ImportError("x", name="m").name, ImportError("x").msg)
print(NameError("n", name="q").name, AttributeError("a", name="n", obj=3).obj)
e = ValueError("x")
try:
    e.__notes__
except AttributeError as a:
    print(a)
print(e.__dict__, e.__traceback__, e.__context__, e.__cause__, e.__suppress_context__)
e.foo = 3
print(e.__dict__, e.foo)
e.add_note("n1")
print(e.__notes__, e.__dict__)
try:
    e.add_note(3)
except TypeError as t:
    print(t)
e.__notes__ = 5
try:
    e.add_note("x")
except TypeError as t:
    print(t)
try:
    e.__cause__ = 3
except TypeError as t:
    print(t)
try:
    e.__context__ = 3
except TypeError as t:
    print(t)
e.__cause__ = KeyError(1)
print(e.__suppress_context__)
try:
    e.args = 5
except TypeError as t:
    print(t)
e.args = [1, 2]
print(e.args, repr(e))
try:
    ValueError(x=1)
except TypeError as t:
    print(t)
try:
    e.nope
except AttributeError as a:
    print(a)
print(repr(BaseException()), str(Exception(None)), repr(Exception("a", 1)))
e = OSError(2, "x")
e.errno = 7
print(e.errno, e.args)
try:
    e.with_traceback(5)
except TypeError as t:
    print(t)
print(e.with_traceback(None) is e)
try:
    e.__suppress_context__ = 3
    print(e.__suppress_context__)
except TypeError as t:
    print(t)
