print("before")
'%d' % 'a'
print("not reached")
