x = {1: 2,
     3: 4
def g():
    pass
