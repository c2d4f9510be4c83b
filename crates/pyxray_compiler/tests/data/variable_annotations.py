x: int = 1
y: str
class A:
    if x:
        a: int = 1
    b: str
