print("before")
'a'.center(5, 'ab')
print("not reached")
