print("before")
print("ab".expandtabs(10**30))
print("not reached")
