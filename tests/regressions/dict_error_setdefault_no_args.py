print("before")
{}.setdefault()
print("not reached")
