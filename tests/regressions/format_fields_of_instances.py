class P:
    def __init__(self):
        self.x = 3
    def __repr__(self):
        return "P!"
p = P()
print("({0.x}) {0.__class__}".format(p) if False else "({0.x})".format(p))
try:
    "{0.y}".format(p)
except AttributeError as e:
    print(e)
print("%s" % 5)
