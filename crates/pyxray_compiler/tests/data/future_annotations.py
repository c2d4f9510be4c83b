from __future__ import annotations
import re
x: int = 1
y: dict[str, list[int | None]]
def f(a: re.Match[str], *b: "C", c: tuple[int, ...] = (), **k: Callable[[int], str]) -> None:
    z: int = 3
    return z
class C:
    a: int = 1
    b: str
    def m(self) -> C: pass
