print("before")
'{:{:{}}}'.format(1, 2, 3)
print("not reached")
