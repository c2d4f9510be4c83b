print("before")
print((1).numer)
print("not reached")
