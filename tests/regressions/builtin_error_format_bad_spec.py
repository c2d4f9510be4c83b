print("before")
format('a', 'd')
print("not reached")
