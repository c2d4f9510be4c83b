print("before")
print("%*d" % ("a", 1))
print("not reached")
