print("before")
'a'.partition(1)
print("not reached")
