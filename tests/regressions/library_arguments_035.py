print("before")
min([], key=len)
print("not reached")
