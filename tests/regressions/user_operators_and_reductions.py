class V:
    def __init__(self, x):
        self.x = x
    def __add__(self, o):
        print("add", type(self).__name__, type(o).__name__)
        if isinstance(o, V):
            return V(self.x + o.x)
        if isinstance(o, int):
            return V(self.x + o)
        return NotImplemented
    def __radd__(self, o):
        print("radd", type(self).__name__)
        if o == 0:
            return self
        return NotImplemented
    def __eq__(self, o):
        print("eq")
        return isinstance(o, V) and self.x == o.x
    def __lt__(self, o):
        if not isinstance(o, V):
            return NotImplemented
        return self.x < o.x
    def __repr__(self):
        return f"V({self.x})"
class W(V):
    def __radd__(self, o):
        print("W radd")
        return W(100)
    def __gt__(self, o):
        print("W gt")
        return True
a = V(1)
print(a + V(2), a + 3, 0 + a)
print(a != V(1), a != V(2), a == V(1))
print(V(1) + W(2))
print(V(1) < W(2))
b = V(5)
b += 1
print(b)
class I:
    def __init__(self):
        self.items = []
    def __iadd__(self, o):
        self.items.append(o)
        return self
i = I()
j = i
i += 4
print(i is j, i.items)
try:
    a - a
except TypeError as e:
    print(e)
try:
    a < 3
except TypeError as e:
    print(e)
try:
    i -= 1
except TypeError as e:
    print(e)
print(sum([V(1), V(2), V(3)]))
print(sorted([V(3), V(1), V(2)]), max([V(3), V(1), V(2)]), min(V(3), V(1)))
class P:
    def __init__(self, k, tag):
        self.k, self.tag = k, tag
    def __lt__(self, o):
        if LOUD:
            print("lt", self.tag, o.tag)
        return self.k < o.k
    def __gt__(self, o):
        print("gt", self.tag, o.tag)
        return self.k > o.k
    def __repr__(self):
        return self.tag
# (sorted's comparisons are CPython's only for runs binary insertion sees the same way)
LOUD = False
ps = [P(2, "a"), P(1, "b"), P(2, "c"), P(0, "d")]
print(sorted(ps))
print(sorted(ps, reverse=True))
LOUD = True
print(max(ps), min(ps))
LOUD = False
ps.sort()
print(ps)
print(sum([1, 2], V(0)) if False else sum([V(1)], V(5)))
