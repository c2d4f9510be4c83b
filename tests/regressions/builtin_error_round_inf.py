print("before")
round(1e400)
print("not reached")
