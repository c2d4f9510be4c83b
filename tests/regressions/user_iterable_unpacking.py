class Pt:
    def __init__(self, x, y):
        self.x, self.y = x, y
    def __iter__(self):
        return iter((self.x, self.y))
x, y = Pt(1, 2)
print(x, y)
a, b = map(lambda v: v * 10, [1, 2])
print(a, b)
try:
    a, b, c = Pt(1, 2)
except ValueError as e:
    print(e)
try:
    (a,) = Pt(1, 2)
except ValueError as e:
    print(e)
class No:
    pass
try:
    a, b = No()
except TypeError as e:
    print(e)
class Seq:
    def __getitem__(self, i):
        if i < 2:
            return i
        raise IndexError
p, q = Seq()
print(p, q)
