print("before")
{}.update({}, {})
print("not reached")
