print("before")
ord('ab')
print("not reached")
