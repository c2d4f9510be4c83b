print("before")
pow(2, exp=3, foo=1)
print("not reached")
