# hasattr and getattr with a default catch an AttributeError raised inside a property getter;
# other exceptions, and getattr without a default, let it through
class C:
    @property
    def missing(self):
        print("getter runs")
        return self.nothing_here

    @property
    def broken(self):
        raise ValueError("broken getter")

    @property
    def fine(self):
        return "fine"


c = C()
print(hasattr(c, "missing"), hasattr(c, "fine"))
print(getattr(c, "missing", "default"), getattr(c, "fine", "default"))
try:
    getattr(c, "missing")
except AttributeError as e:
    print("AttributeError:", e)
try:
    hasattr(c, "broken")
except ValueError as e:
    print("ValueError:", e)
try:
    c.missing
except AttributeError as e:
    print("AttributeError:", e)
print([hasattr(c, n) for n in ("missing", "fine", "other")])
