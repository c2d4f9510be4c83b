print("before")
map(abs)
print("not reached")
