print("before")
round(1.5, 'a')
print("not reached")
