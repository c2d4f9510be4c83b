print("before")
round(number=1.5)
print("not reached")
