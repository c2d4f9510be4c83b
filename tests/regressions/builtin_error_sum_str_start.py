print("before")
sum([1], 'a')
print("not reached")
