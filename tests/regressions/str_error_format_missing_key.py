print("before")
'{x}'.format(1)
print("not reached")
