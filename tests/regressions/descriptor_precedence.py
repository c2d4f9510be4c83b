# a property (data descriptor) wins over the instance dict; a plain class attribute does not
class C:
    @property
    def x(self):
        print("getter runs")
        return 42

    y = "class y"

    def m(self):
        return "method"


c = C()
c.__dict__["x"] = "from dict"
c.__dict__["y"] = "instance y"
print(c.x, c.y)
c.__dict__["m"] = lambda: "instance function"
print(c.m())
try:
    c.x = 1
except AttributeError as e:
    print("AttributeError:", e)
try:
    del c.x
except AttributeError as e:
    print("AttributeError:", e)
print(type(C.x).__name__, C.x.fset, C.x.fget.__name__)
print(getattr(c, "x"), hasattr(c, "x"))
setattr(C, "z", 5)
print(c.z, C.z)
del C.z
print(hasattr(c, "z"))


class Base:
    @property
    def v(self):
        return "base v"


class Derived(Base):
    @property
    def v(self):
        return "derived then " + super().v


print(Derived().v)


class Full:
    def __init__(self):
        self._a = 0

    def get_a(self):
        return self._a

    def set_a(self, value):
        print("set", value)
        self._a = value

    a = property(get_a, set_a, doc="the a")


f = Full()
f.a = 3
setattr(f, "a", 4)
print(f.a, Full.a.__doc__)
try:
    C().missing
except AttributeError as e:
    print("AttributeError:", e)
try:
    C.missing
except AttributeError as e:
    print("AttributeError:", e)
class C:
    up = str.upper
try:
    C().up()
except TypeError as e: print(e)
try:
    str.upper(C())
except TypeError as e: print(e)
