print("before")
'%(a)s %s' % {'a': 1}
print("not reached")
