print("before")
sum()
print("not reached")
