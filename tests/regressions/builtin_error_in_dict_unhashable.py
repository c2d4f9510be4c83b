print("before")
[] in {}
print("not reached")
