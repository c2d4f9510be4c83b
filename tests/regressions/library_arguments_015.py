print("before")
zip([], foo=1)
print("not reached")
