print("before")
'%(a)s' % (1,)
print("not reached")
