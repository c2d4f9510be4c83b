print("before")
chr('a')
print("not reached")
