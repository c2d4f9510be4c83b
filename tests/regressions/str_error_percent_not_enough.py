print("before")
'%d %d' % (1,)
print("not reached")
