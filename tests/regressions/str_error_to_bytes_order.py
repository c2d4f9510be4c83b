print("before")
(5).to_bytes(2, 'middle')
print("not reached")
