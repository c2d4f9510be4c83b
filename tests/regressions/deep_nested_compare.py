a = []
for i in range(20000):
    a = [a]
b = []
for i in range(20000):
    b = [b]
print(a == b, a != b, a in [b], [] in a)
c = []
for i in range(3000):
    c = [c]
d = []
for i in range(3000):
    d = [d, 1]
print(c < d, c == d, c >= d)
t = ()
for i in range(3000):
    t = (t, 1)
u = ()
for i in range(3000):
    u = (u, 2)
print(t < u, t == u)
