print("before")
'{0.x}'.format(1)
print("not reached")
