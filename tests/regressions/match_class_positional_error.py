# An uncaught TypeError from a class pattern with too many positional sub-patterns.
class Box:
    __match_args__ = ("content",)

    def __init__(self, content):
        self.content = content


def open_box(box):
    match box:
        case Box(inner, extra):
            return inner, extra


print("before")
open_box(Box(3))
