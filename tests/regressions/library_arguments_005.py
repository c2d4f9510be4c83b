print("before")
sum([1], 2, 3)
print("not reached")
