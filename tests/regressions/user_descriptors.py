# descriptors written in Python: __get__/__set__/__delete__ run as frames; a data descriptor
# wins over the instance dict, a non-data one (only __get__) does not
class Typed:
    def __set_name__(self, owner, name):
        self.name = "_" + name

    def __get__(self, obj, objtype=None):
        if obj is None:
            return self
        print("get", self.name)
        return getattr(obj, self.name)

    def __set__(self, obj, value):
        if not isinstance(value, int):
            raise TypeError(f"{self.name[1:]} must be int")
        print("set", self.name, value)
        setattr(obj, self.name, value)

    def __delete__(self, obj):
        print("delete", self.name)
        delattr(obj, self.name)


class Lazy:
    def __get__(self, obj, objtype=None):
        print("computing")
        obj.__dict__["value"] = 99
        return 99


class Point:
    x = Typed()
    y = Typed()
    value = Lazy()

    def __init__(self, x, y):
        self.x = x
        self.y = y


p = Point(1, 2)
print(p.x + p.y, type(Point.x).__name__, Point.x.name)
p.__dict__["x"] = "shadow?"
print(p.x)
try:
    p.y = "no"
except TypeError as e:
    print("TypeError:", e)
del p.y
print(hasattr(p, "y"), getattr(p, "y", "gone"))
print(p.value, p.value)


class ReadOnly:
    def __get__(self, obj, objtype=None):
        return "ro"

    def __set__(self, obj, value):
        raise AttributeError("read-only")


class Holder:
    r = ReadOnly()


h = Holder()
try:
    h.r = 1
except AttributeError as e:
    print("AttributeError:", e)
print(h.r, Holder.r)
class D:
    def __get__(self, o, t=None): return 1
    def __set__(self, o, v): pass
class E:
    def __get__(self, o, t=None): return 1
    def __delete__(self, o): pass
class C:
    d = D()
    e = E()
try:
    del C().d
except AttributeError as ex: print(repr(ex))
try:
    C().e = 1
except AttributeError as ex: print(repr(ex))
