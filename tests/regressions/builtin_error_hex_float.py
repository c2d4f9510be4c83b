print("before")
hex(1.5)
print("not reached")
