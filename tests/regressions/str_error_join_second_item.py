print("before")
'-'.join(['a', 2])
print("not reached")
