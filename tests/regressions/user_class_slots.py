class Box:
    def __init__(self, items):
        self.items = list(items)
    def __len__(self):
        print("len called")
        return len(self.items)
    def __getitem__(self, i):
        return self.items[i]
    def __setitem__(self, i, v):
        print("set", i, v)
        self.items[i] = v
    def __delitem__(self, i):
        del self.items[i]
    def __contains__(self, x):
        return x * 2 in self.items
    def __neg__(self):
        return Box(-x for x in self.items) if False else Box([-x for x in self.items])
    def __pos__(self):
        return "pos"
    def __invert__(self):
        return "inv"
    def __abs__(self):
        return 99
    def __call__(self, a, b=2):
        return a + b + len(self.items)
    def __format__(self, spec):
        return f"Box<{spec}>"
    def __repr__(self):
        return f"Box({self.items})"

b = Box([1, 2, 3])
print(len(b), b[0], b[1:], -b, +b, ~b, abs(b))
b[0] = 10
del b[1]
print(b, 1 in b, 5 not in b, 3 in b)
print(b(1), b(1, b=5))
print(format(b, "x"), f"{b}", f"{b:>10}", format(b))
if b:
    print("truthy")
e = Box([])
print(bool(e), not e, "yes" if e else "no")
class T:
    def __bool__(self):
        return 1
try:
    bool(T())
except TypeError as err:
    print(err)
class N:
    def __len__(self):
        return -1
try:
    len(N())
except ValueError as err:
    print(err)
class S:
    def __len__(self):
        return "3"
try:
    len(S())
except TypeError as err:
    print(err)
try:
    len(T())
except TypeError as err:
    print(err)
try:
    -T()
except TypeError as err:
    print(err)
try:
    T()()
except TypeError as err:
    print(err)
class F:
    def __format__(self, spec):
        return 3
try:
    format(F())
except TypeError as err:
    print(err)
class I:
    def __index__(self):
        return 7
    def __float__(self):
        return 2.5
class J:
    def __int__(self):
        return 4
print(int(I()), float(I()), int(J()))
class K:
    def __index__(self):
        return 5
print(float(K()))
