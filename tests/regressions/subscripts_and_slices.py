a = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]
print(a[2], a[-1], a[2:5], a[::3], a[::-2], a[-3:], a[:100], a[100:], a[5:2:-1])
t = tuple(a) if False else (1, 2, 3)
print(t[1], t[-1], t[1:], 'hello'[1], 'hello'[::-1], 'hello'[1:4], b'abc'[1], b'abc'[1:])
print(range(10)[3], range(0, 20, 3)[2:5], range(10)[::-1])
a[0] = 100
a[1:3] = [7, 7, 7]
a[::2] = [0] * 6
del a[0]
del a[::3]
print(a)
print(a[100])
