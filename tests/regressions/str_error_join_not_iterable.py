print("before")
''.join(3)
print("not reached")
