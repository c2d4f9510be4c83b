print("before")
min([])
print("not reached")
