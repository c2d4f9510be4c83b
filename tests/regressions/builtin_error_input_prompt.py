print("before")
input('Name: ')
print("not reached")
