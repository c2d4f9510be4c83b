print("before")
'{0!}'.format(1)
print("not reached")
