print("before")
'a'.center(5, 1)
print("not reached")
