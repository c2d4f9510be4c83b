print("before")
'{:d}'.format('a')
print("not reached")
