print("before")
'a'.find(1)
print("not reached")
