print("before")
print(int.from_bytes(b"\x01", "middle"))
print("not reached")
