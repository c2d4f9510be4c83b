print("before")
'abc'.split(foo=1)
print("not reached")
