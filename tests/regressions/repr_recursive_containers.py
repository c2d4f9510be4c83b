a = [1]
a.append(a)
print(a)
d = {}
d["k"] = d
print(d)
v = {}
v["k"] = v.keys()
print(v)
print(v.keys())
w = {}
w["v"] = w.values()
print(w, w.values(), w.items())
t = ([],)
t[0].append(t)
print(t, [t, t])
