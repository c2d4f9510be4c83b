print("before")
{}.update(1)
print("not reached")
