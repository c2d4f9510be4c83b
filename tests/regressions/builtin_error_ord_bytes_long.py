print("before")
ord(b'ab')
print("not reached")
