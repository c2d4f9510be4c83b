# Class, mapping and starred-unpacking patterns: CPython's TypeError/ValueError messages, caught.
class P:
    __match_args__ = ("x", "y")
    def __init__(self, x, y):
        self.x = x
        self.y = y
class Q:
    pass
class R:
    __match_args__ = ["x"]
class S:
    __match_args__ = ("x", 1)
    x = 5
class K:
    BAD = [1]
    A = "a"
def t(f):
    try:
        print(f())
    except Exception as e:
        print(type(e).__name__, e)
def m1():
    match Q():
        case Q(1):
            return 1
def m2():
    match R():
        case R(1):
            return 1
def m3():
    match S():
        case S(a, b):
            return 1
def m4():
    match P(1, 2):
        case P(1, x=2):
            return 1
def m5():
    match {"a": 1}:
        case {K.A: 1, "a": 2}:
            return 1
def m6():
    match {"a": 1}:
        case {K.BAD: 1}:
            return 1
def m7():
    match 5:
        case K.A(1):
            return 1
def m8():
    match 5:
        case int(1, 2):
            return 1
def m9():
    match P(1, 2):
        case P(1, 2, 3):
            return 1
def m10():
    match 5:
        case bool():
            return "bool"
        case int(5):
            return "int5"
def m11():
    a, *b, c = [1]
def m12():
    a, b, *c = (1,)
def m13():
    *a, b = 5
def m14():
    a, *b = []
def m15():
    *a, b, c, d = iter([1, 2])
def m16():
    match {"a": 1, "b": 2}:
        case {"a": 1, **rest}:
            return rest
def m17():
    match "abc":
        case [*x]:
            return x
        case str(s):
            return "str " + s
def m18():
    match range(3):
        case [0, *r]:
            return r
def m19():
    match b"ab":
        case [*_]:
            return "seq"
        case bytes(x):
            return x
def m20():
    match P(1, 2):
        case P(x=1, z=3):
            return 1
        case P(y=2):
            return "y2"
def m21():
    match (1, 2):
        case (1, 2) | [3, 4] as z:
            return z
def m22():
    x = 3
    match x:
        case 1 | 2 as y:
            return y
        case y if y > 2:
            return ("guard", y)
def m23():
    match {"a": 1}:
        case {"a": 1, **rest}:
            return rest
def m24():
    match 1.0:
        case 1:
            return "int 1 matches 1.0"
def m25():
    match True:
        case 1:
            return "1 matches True"
def m26():
    match 0:
        case False:
            return "False"
        case _:
            return "not False"
def m27():
    match [1, [2, 3]]:
        case [a, [b, *c]]:
            return a, b, c
def m28():
    match {"x": {"y": [1, 2]}}:
        case {"x": {"y": [_, z]}}:
            return z
def m29():
    match P(1, 2):
        case P(x, y=y):
            return x, y
def m30():
    match P(1, 2):
        case P(x, x=1):
            return "dup"
def m31():
    match 5:
        case 5 if False:
            return "no"
        case _ if True:
            return "wild"
for f in [m1, m2, m3, m4, m5, m6, m7, m8, m9, m10, m11, m12, m13, m14, m15, m16, m17, m18, m19, m20, m21, m22, m23, m24, m25, m26, m27, m28, m29, m30, m31]:
    print(f.__name__, end=": ")
    t(f)
