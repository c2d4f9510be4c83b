print("before")
print(str.lower(5))
print("not reached")
