print("before")
'a'.startswith(('x', 1))
print("not reached")
