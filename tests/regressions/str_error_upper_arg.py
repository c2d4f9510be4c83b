print("before")
'a'.upper(1)
print("not reached")
