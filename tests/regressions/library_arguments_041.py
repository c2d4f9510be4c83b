print("before")
any([], [])
print("not reached")
