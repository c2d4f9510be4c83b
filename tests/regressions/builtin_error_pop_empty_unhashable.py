print("before")
{}.pop([])
print("not reached")
