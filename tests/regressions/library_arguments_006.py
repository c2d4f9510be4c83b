print("before")
sum([1], start=2, foo=1)
print("not reached")
