print("before")
print((1).to_bytes(10**30))
print("not reached")
