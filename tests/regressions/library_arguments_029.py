print("before")
b'abc'.decode('utf-8', 'strict', 3)
print("not reached")
