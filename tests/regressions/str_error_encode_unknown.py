print("before")
'a'.encode('latin-9x')
print("not reached")
