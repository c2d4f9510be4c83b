print("before")
pow(2, 3, 4, 5)
print("not reached")
