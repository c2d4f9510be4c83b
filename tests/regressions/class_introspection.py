# class attributes: __name__, __qualname__, __module__, __mro__, __bases__, __dict__, __doc__
class A:
    "Doc of A."
    x = 1


class B:
    pass


class C(A, B):
    class Inner:
        pass


print(C.__name__, C.__qualname__, C.Inner.__qualname__, C.__module__, int.__module__)
print(C.__mro__)
print(C.__bases__, A.__bases__, C.__base__ is A)
print(A.__doc__, B.__doc__, C.__doc__)
print(C.mro() == list(C.__mro__))
print("x" in A.__dict__, "x" in C.__dict__, A.__dict__["x"], type(A.__dict__).__name__)
print(sorted(k for k in vars(A) if not k.startswith("__")))
print(C().__class__, (1).__class__.__name__, "s".__class__, None.__class__.__name__)
print(type(C).__name__, C.__class__, type.__class__)


def gen():
    yield 1


print(gen().__class__.__name__, gen.__class__.__name__, print.__class__.__name__)
print(dir(B())[:3], len(dir(B())), "x" in dir(C), "Inner" in dir(C))
z = 1
print("z" in dir(), "C" in dir(), dir() == sorted(dir()))
print(callable(A), callable(A()), callable(A.mro), callable(gen), callable(3))


class Callable:
    def __call__(self):
        return "called"


print(callable(Callable()))
print(vars(A) is not None, vars()["z"])
for bad in (1, "s"):
    try:
        vars(bad)
    except TypeError as e:
        print("TypeError:", e)
try:
    int.x = 1
except TypeError as e:
    print("TypeError:", e)
Dyn = type("Dyn", (A,), {"y": 2, "double": lambda self: self.x * 2})
print(Dyn.__name__, Dyn.__mro__, Dyn().double(), Dyn.y, Dyn.__module__)
