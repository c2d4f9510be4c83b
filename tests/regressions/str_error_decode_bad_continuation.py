print("before")
b'\xc3\x28'.decode()
print("not reached")
