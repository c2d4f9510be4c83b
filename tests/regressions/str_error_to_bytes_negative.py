print("before")
(-5).to_bytes(2, 'big')
print("not reached")
