print("before")
b'\xff'.decode()
print("not reached")
