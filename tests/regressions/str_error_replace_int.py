print("before")
'a'.replace(1, 'b')
print("not reached")
