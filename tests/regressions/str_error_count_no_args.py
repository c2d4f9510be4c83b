print("before")
'a'.count()
print("not reached")
