print("before")
'%z' % 1
print("not reached")
