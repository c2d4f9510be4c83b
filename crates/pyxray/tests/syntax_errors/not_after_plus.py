total = 3 + not 1
