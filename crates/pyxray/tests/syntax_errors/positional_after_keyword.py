total = sum(start=0, [1, 2])
