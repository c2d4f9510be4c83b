class P:
    def __init__(self, x):
        self.x = x
    def __repr__(self):
        print("repr", self.x)
        return f"P({self.x!r})"
class S:
    def __str__(self):
        return "S!"
a, b = P(1), P("two")
print([a, b], (a,), {a: b} if False else {1: a})
print(repr([a, [b, a]]), str((b,)))
print(f"{[a]} {[a]!r} {a}")
print([S()][0], S())
x = [P(3)]
x.append(x)
print(x)
class Bad:
    def __repr__(self):
        return 5
try:
    print([Bad()])
except TypeError as e:
    print("TypeError", e)
try:
    str(Bad())
except TypeError as e:
    print("TypeError", e)
