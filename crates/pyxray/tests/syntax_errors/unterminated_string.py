print("hello)
print("bye")
