# PEP 649 in 3.14: a class's annotations are computed on first use by its __annotate__
# (kept as __annotate_func__), cached, and not inherited; names resolve in the class first
class P:
    Alias = int
    x: int
    y: "str" = "a"
    z: Alias


print(P.__annotations__)
print(P.__annotate__(1))
print("__annotations__" in P.__dict__, "__annotate__" in P.__dict__, "__annotate_func__" in P.__dict__)
print(P.__annotations__ is P.__annotations__, P.y)


class Q(P):
    pass


print(Q.__annotations__, Q.__annotate__)


def f(a: P, b: "later" = 1) -> None:
    pass


print(f.__annotations__)
