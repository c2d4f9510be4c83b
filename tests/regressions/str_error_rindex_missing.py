print("before")
'a'.rindex('b')
print("not reached")
