print("before")
'{!z}'.format(1)
print("not reached")
