x = 1
valid = (x := 2)
ok = (True := 3)
