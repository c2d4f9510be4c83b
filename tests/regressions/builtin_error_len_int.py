print("before")
len(5)
print("not reached")
