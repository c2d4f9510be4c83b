print("before")
'%c' % 'ab'
print("not reached")
