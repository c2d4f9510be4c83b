print("before")
'{0!rr}'.format(1)
print("not reached")
