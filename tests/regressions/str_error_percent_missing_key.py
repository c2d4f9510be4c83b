print("before")
'%(a)s' % {'b': 1}
print("not reached")
