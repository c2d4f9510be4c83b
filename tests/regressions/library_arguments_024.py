print("before")
'abc'.split(',', 2, 3)
print("not reached")
