print("before")
'a'.zfill('a')
print("not reached")
