print("before")
'%d' % (1, 2)
print("not reached")
