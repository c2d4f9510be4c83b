print("before")
'{!r'.format(1)
print("not reached")
