print("before")
input()
print("not reached")
