print("before")
'%s' % ()
print("not reached")
