x = 10
print(x
if x:
    pass
