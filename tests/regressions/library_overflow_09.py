print("before")
print("%*d|%-*d|%*s|" % (-4, 1, -3, 2, 3, "ab"), "%.*f" % (-2, 1.5))
print("not reached")
