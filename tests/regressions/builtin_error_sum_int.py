print("before")
sum(1)
print("not reached")
