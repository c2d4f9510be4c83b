n = 0
while True:
    n += 1
    if n > 5:
        break
    if n % 2 == 0:
        continue
    print("odd", n)
else:
    print("never")
i = 0
while i < 3:
    i += 1
else:
    print("done", i)
a, b, c = 1, 0, 2
if a and b or c:
    print("yes")
if 0 < a < 2:
    print("chain")
if not (a or b):
    print("no")
elif a if b else c:
    print("ifexp")
x = "p" if a > b else "q" if b else "r"
print(x)
while False:
    print("dead")
if 1:
    print("const")
