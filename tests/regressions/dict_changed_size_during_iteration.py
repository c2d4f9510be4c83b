# a dict that grows while a for loop iterates it: RuntimeError, as CPython raises it once
d = {"a": 1, "b": 2}
try:
    for k in d:
        d[k + "!"] = 0
except RuntimeError as e:
    print("RuntimeError:", e)
print(d)
it = iter(d.values())
next(it)
d["z"] = 9
try:
    next(it)
except RuntimeError as e:
    print("RuntimeError:", e)
try:
    list(it)
except RuntimeError as e:
    print("again:", e)
print(type(iter(d)).__name__, type(iter(d.items())).__name__)
