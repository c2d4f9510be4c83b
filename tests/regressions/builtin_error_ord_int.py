print("before")
ord(1)
print("not reached")
