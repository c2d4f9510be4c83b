print("before")
'a'.startswith(1)
print("not reached")
