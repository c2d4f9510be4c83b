print("before")
enumerate([], start='a')
print("not reached")
