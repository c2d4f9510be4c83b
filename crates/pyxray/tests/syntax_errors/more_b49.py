x = 1
x.y: int = 1 = 2
