print("before")
print("a".center(-10**30))
print("not reached")
