print("before")
b'a\xc3'.decode()
print("not reached")
