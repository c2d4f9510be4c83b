print("before")
'a'.index('b')
print("not reached")
