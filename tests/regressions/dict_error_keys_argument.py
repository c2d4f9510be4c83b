print("before")
{}.keys(1)
print("not reached")
