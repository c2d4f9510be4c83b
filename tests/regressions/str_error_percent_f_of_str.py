print("before")
'%f' % 'a'
print("not reached")
