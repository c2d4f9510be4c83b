print("before")
'abc'.replace('a', 'b', count='x')
print("not reached")
