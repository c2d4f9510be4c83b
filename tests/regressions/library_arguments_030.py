print("before")
(5).to_bytes(1, 'big', signed=True, foo=1)
print("not reached")
