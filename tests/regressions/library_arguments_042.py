print("before")
'x'.join([], [])
print("not reached")
