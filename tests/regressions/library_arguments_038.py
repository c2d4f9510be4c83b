print("before")
hex(True)
print("not reached")
