print("before")
'aéü'.encode('ascii')
print("not reached")
