print("before")
len([], x=1)
print("not reached")
