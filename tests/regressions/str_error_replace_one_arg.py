print("before")
'a'.replace('a')
print("not reached")
