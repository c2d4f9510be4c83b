print("before")
'a'.split('')
print("not reached")
