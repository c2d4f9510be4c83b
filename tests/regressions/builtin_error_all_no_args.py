print("before")
all()
print("not reached")
