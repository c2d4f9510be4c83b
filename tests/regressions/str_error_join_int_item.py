print("before")
''.join([1])
print("not reached")
