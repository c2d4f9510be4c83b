print("a" + (1 + 2)
z = 1
