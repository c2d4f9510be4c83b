class Point:
    def __init__(self, x, y):
        self.x = x
        self.y = y

    def __repr__(self):
        return f"Point({self.x}, {self.y})"


class Money:
    def __init__(self, cents):
        self.cents = cents

    def __str__(self):
        return f"${self.cents // 100}.{self.cents % 100:02d}"

    def __repr__(self):
        return f"Money({self.cents})"


p = Point(1, 2)
m = Money(1234)
print(p, m, "plain", 3)
print(str(p), repr(m), str(m))
print(f"{p} and {m} and {m!r} and {p!s}")
print(m, p, sep=" | ", end="!\n")


class Bad:
    def __str__(self):
        return 42


print(Bad())
