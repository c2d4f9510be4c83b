print("before")
'%s %s' % 'ab'
print("not reached")
