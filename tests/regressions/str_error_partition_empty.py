print("before")
'a'.partition('')
print("not reached")
