for i in range(3):
    if i == 1:
        break
print(i)
for i in range(3):
    if i == 1:
        break
else:
    print("else")
print(i)
i = 0
while i < 5:
    i += 1
    if i == 3:
        break
print(i)
