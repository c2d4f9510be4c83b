# Exception subclasses with their own __init__: the call's arguments are args until the base
# __init__ (through super() or the class) sets them again; attributes land in the instance
# __dict__; a user __str__ and __repr__ are used when the exception is printed while caught.
class ParseError(ValueError):
    def __init__(self, line, text):
        Exception.__init__(self, f"line {line}")
        self.line = line
        self.text = text


class Quiet(Exception):
    def __init__(self, code):
        self.code = code


class Loud(Exception):
    def __str__(self):
        return f"LOUD {self.args}"

    def __repr__(self):
        return "Loud!"


try:
    raise ParseError(3, "x = ")
except ValueError as e:
    print(e, repr(e), e.args, e.line, e.text, e.__dict__)
q = Quiet(7)
print(q.args, q.code, repr(q), str(q), q.__dict__)
loud = Loud(1, 2)
print(loud, str(loud), repr(loud), f"{loud}", f"{loud!r}")


class WithNotes(KeyError):
    def __init__(self, key):
        super().__init__(key)
        self.add_note(f"key was {key!r}")


try:
    raise WithNotes("k")
except KeyError as e:
    print(str(e), e.__notes__, isinstance(e, LookupError))
