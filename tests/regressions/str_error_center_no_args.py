print("before")
'a'.center()
print("not reached")
