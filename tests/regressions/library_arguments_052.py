print("before")
'a'.zfill(True)
print("not reached")
