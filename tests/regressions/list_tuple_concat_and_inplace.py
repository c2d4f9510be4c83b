a = []
for i in range(1000, 1004):
    a = a + [i]
print(a)
a = [[1, 2]]; b = a * 3; b = 0; print(a)
a = [1]
b = a
a += [2]
print(b, a is b)
t = (1000, 2000)
u = t + t
t = 0
print(u)
