print("before")
chr(-1)
print("not reached")
