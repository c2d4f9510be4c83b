print("before")
any(1)
print("not reached")
