x = 5
if x > 3:
    pass
else if x > 1:
    pass
