print("before")
map(abs, [1], foo=1)
print("not reached")
