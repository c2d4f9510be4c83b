# match statements: guards, OR patterns, captures, wildcards, dotted value patterns, nested
# patterns, mapping patterns with **rest, class patterns with keyword sub-patterns.
class Color:
    RED = 1
    GREEN = 2

    class Shade:
        DARK = "dark"


class Point:
    __match_args__ = ("x", "y")

    def __init__(self, x, y):
        self.x = x
        self.y = y


class Point3(Point):
    def __init__(self, x, y, z):
        super().__init__(x, y)
        self.z = z


class Empty:
    pass


def classify(subject):
    match subject:
        case Color.RED | Color.GREEN as c:
            return f"color {c}"
        case Color.Shade.DARK:
            return "dark shade"
        case Point3(x, y, z=0):
            return f"flat point3 {x},{y}"
        case Point3(z=z) if z < 0:
            return f"below, z={z}"
        case Point(x=0) | Point(y=0):
            return "on an axis"
        case Point(x, y) if x == y:
            return f"diagonal {x}"
        case Point(y=yy, x=xx):
            return f"point y={yy} x={xx}"
        case Empty():
            return "an Empty"
        case {"kind": "pair", "items": [a, b], **rest}:
            return f"pair {a}/{b} + {rest}"
        case {"kind": ("box" | "bag") as kind, **others}:
            return f"{kind} with {sorted(others)}"
        case {}:
            return "some mapping"
        case [] | ():
            return "empty sequence"
        case [[x, *_], *rows] if rows:
            return f"grid starting {x}, {len(rows)} more rows"
        case [_, _, *_, ("end" | "stop") as last]:
            return f"ends with {last}"
        case (int() | float()) as n if n < 0:
            return "negative"
        case bool(b):
            return f"bool {b}"
        case int(n) | float(n):
            return f"number {n}"
        case str() as s if not s:
            return "empty string"
        case str(s):
            return f"string of {len(s)}"
        case None:
            return "None"
        case _:
            return "something else"


samples = [
    1, 2, "dark", Point3(1, 2, 0), Point3(1, 2, -3), Point3(1, 2, 3), Point(0, 5),
    Point(4, 0), Point(3, 3), Point(1, 2), Empty(),
    {"kind": "pair", "items": [1, 2], "extra": True},
    {"kind": "pair", "items": (1, 2)},
    {"kind": "box", "w": 1, "h": 2},
    {"kind": "bag"},
    {"other": 1},
    {},
    [], (), [[7, 8], [9]], [[7, 8]], ["a", "b", "c", "end"], ("a", "b", "stop"),
    ["a", "stop"], -4, -2.5, True, False, 3, 4.5, "", "hello", None,
    range(0), b"xy", object,
]
for sample in samples:
    print(classify(sample))


def captures(value):
    # A capture pattern binds even when a later guard fails.
    match value:
        case [first, *middle, last] if first == last:
            result = ("same ends", middle)
        case [first, *_]:
            result = ("first", first)
        case other:
            result = ("other", other)
    return result


print(captures([1, 2, 3, 1]), captures([1, 2]), captures(5), captures("str"))


def bound_after_fail(value):
    x = "unset"
    match value:
        case (x, 0):
            pass
        case _:
            pass
    return x


print(bound_after_fail((5, 0)), bound_after_fail((5, 1)), bound_after_fail(9))

a, *b, c = range(6)
print(a, b, c)
*init, tail = "spam"
print(init, tail)
first, *rest = (1,)
print(first, rest)
(p, *q), r = [1, 2, 3], 4
print(p, q, r)
for head, *others in [(1, 2, 3), (4,), "xyz"]:
    print(head, others)
[*everything] = {"k": 1, "j": 2}
print(everything)
