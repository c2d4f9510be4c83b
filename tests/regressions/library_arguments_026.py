print("before")
'abc'.splitlines(2, 3)
print("not reached")
