print("before")
'a'.strip(1)
print("not reached")
