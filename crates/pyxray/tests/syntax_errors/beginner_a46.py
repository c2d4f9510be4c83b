x = 1
while x < 5:
    x += 1
    if x == 3:
        break
  print(x)
