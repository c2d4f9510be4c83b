print("before")
ord('')
print("not reached")
