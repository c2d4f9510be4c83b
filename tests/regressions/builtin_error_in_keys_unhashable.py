print("before")
[] in {1: 2}.keys()
print("not reached")
