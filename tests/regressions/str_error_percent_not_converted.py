print("before")
'abc' % 5
print("not reached")
