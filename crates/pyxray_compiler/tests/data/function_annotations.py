import typing
def g(a: int, *args: str, k: float = 1.0, **kw: bool) -> None:
    pass
def outer():
    T = int
    def inner(p: T) -> T:
        return p
    return inner
