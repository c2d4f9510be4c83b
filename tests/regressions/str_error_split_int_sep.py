print("before")
'a'.split(1)
print("not reached")
