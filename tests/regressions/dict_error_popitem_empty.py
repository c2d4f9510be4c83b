print("before")
{}.popitem()
print("not reached")
