print("before")
enumerate([], foo=1)
print("not reached")
