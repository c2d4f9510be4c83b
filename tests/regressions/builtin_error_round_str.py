print("before")
round('a')
print("not reached")
