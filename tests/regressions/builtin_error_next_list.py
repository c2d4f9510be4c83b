print("before")
next([])
print("not reached")
