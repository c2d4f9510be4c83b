print("before")
pow(2, 3, 0)
print("not reached")
