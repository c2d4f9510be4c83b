t = ()
for i in range(200000):
    t = (t,)
d = {t: 1}
print(d.get(t), t in d)
