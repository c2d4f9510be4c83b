print("before")
{}.update([(1, 2, 3)])
print("not reached")
