print("before")
round()
print("not reached")
