print("before")
'abc %' % ()
print("not reached")
