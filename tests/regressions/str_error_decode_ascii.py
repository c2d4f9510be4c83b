print("before")
b'\xe9'.decode('ascii')
print("not reached")
