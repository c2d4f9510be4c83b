print("before")
print("%.*f" % (10**30, 1.0))
print("not reached")
