print("before")
'abc'.encode(foo=1)
print("not reached")
