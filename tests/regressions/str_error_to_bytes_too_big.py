print("before")
(300).to_bytes(1, 'big')
print("not reached")
