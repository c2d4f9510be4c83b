print("before")
{}.pop('a')
print("not reached")
