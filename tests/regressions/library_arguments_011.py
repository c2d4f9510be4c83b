print("before")
filter(None, [], x=1)
print("not reached")
