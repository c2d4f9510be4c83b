print("before")
enumerate()
print("not reached")
