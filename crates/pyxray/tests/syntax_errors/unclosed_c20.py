x = ("a"
     "b"
     "c"
print(x)
