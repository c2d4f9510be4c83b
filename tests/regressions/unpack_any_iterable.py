a, b = 'xy'
print(a, b)
c, d, e = range(3)
print(c, d, e)
f, g = b'hi'
print(f, g)
h, i = [1, 2]
print(h, i)
j, k = 'abc'
