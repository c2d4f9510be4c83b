print("before")
'a'.center(-5)
print("not reached")
