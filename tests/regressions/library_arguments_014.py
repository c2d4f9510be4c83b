print("before")
input(prompt='x')
print("not reached")
