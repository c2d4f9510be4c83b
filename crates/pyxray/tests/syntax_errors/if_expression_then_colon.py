if x > 1:
    value = (1 if x
if x:
    pass)
