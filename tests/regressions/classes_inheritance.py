class Shape:
    sides = 0
    count = 0

    def __init__(self, name):
        self.name = name
        Shape.count += 1

    def describe(self):
        return f"{self.name} with {self.sides} sides"

    def area(self):
        return 0


class Rect(Shape):
    sides = 4

    def __init__(self, w, h):
        super().__init__("rect")
        self.w = w
        self.h = h

    def area(self):
        return self.w * self.h


class Square(Rect):
    def __init__(self, side):
        super().__init__(side, side)
        self.name = "square"


shapes = [Shape("blob"), Rect(2, 3), Square(4)]
for s in shapes:
    print(s.describe(), s.area())
print(Shape.count, Square.sides, Square.__name__)
area = shapes[1].area
print(area(), shapes[2].w)
shapes[0].sides = 99
print(shapes[0].describe(), Shape.sides)

class Counter:
    def __init__(self):
        self.n = 0

    def bump(self, by=1):
        self.n += by
        return self

c = Counter()
c.bump().bump(5).bump(by=10)
print(c.n)

class Empty:
    pass

e = Empty()
e.x = 5
print(e.x)
del e.x
