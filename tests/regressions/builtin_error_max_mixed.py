print("before")
max(1, 'a')
print("not reached")
