print("before")
'a'.translate({97: 1.5})
print("not reached")
