print("before")
bin('a')
print("not reached")
