print("before")
'{'.format(1)
print("not reached")
