print("before")
{}.get(1, 2, 3)
print("not reached")
