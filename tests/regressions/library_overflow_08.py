print("before")
print("x".replace("x", "y", 10**30))
print("not reached")
