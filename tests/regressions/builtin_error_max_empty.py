print("before")
max([])
print("not reached")
