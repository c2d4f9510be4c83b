print("before")
filter(None)
print("not reached")
