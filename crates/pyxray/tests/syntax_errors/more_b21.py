x = 10 if y
