print("before")
round(1.5, ndigits=1, x=2)
print("not reached")
