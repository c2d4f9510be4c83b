# object() instances have no __dict__; id() is the same for the same object
o = object()
p = object()
print(type(o).__name__, o is p, id(o) == id(o), id(o) == id(p), isinstance(id(o), int))
try:
    o.x = 1
except AttributeError as e:
    print("AttributeError:", e)
try:
    object(1)
except TypeError as e:
    print("TypeError:", e)
print(hasattr(o, "__dict__"), o.__class__ is object)
a = [1]
b = a
print(id(a) == id(b), id(a) == id([1]))
