total = 0
for i in range(5):
    total += i
print(total)
for ch in "abc":
    if ch == "b":
        continue
    print(ch)
for n in [1, 2, 3]:
    if n == 2:
        break
    print(n)
else:
    print("no break")
for x, y in ((1, 2), (3, 4)):
    print(x + y)
squares = [1, 4, 9, 16]
for s in squares:
    print(s, end=" ")
print()
for i in range(2, 10, 3):
    print(i)
