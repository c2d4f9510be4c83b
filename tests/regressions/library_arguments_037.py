print("before")
chr(True), chr(65.0)
print("not reached")
