print("before")
{}.get()
print("not reached")
