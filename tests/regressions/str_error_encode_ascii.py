print("before")
'é'.encode('ascii')
print("not reached")
