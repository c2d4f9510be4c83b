class Plain:
    pass
p = Plain()
d = {p: 1}
print(d[p], p in d)
class E:
    def __eq__(self, o):
        return True
try:
    {E(): 1}
except TypeError as e:
    print(e)
class F(E):
    pass
try:
    d[F()] = 2
except TypeError as e:
    print(e)
class H(E):
    __hash__ = None
try:
    H() in d
except TypeError as e:
    print(e)
