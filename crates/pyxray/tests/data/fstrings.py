name = "Ada"
n = 3
print(f"hello {name}!")
print(f"{n} items, {n * 2.5} total, {name!r} {name!s}{n!a}")
print(f"{'x'}{n}")
print(f"")
print(f"plain")
print(f"{n}")
x = f"{name}" + "." + f"{None} {True} {1.5e20}"
print(x)
