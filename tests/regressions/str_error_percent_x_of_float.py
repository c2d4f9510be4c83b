print("before")
'%x' % 1.5
print("not reached")
