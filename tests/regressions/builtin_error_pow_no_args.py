print("before")
pow()
print("not reached")
