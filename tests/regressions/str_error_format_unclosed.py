print("before")
'{a'.format(a=1)
print("not reached")
