print("before")
chr(0x110000)
print("not reached")
