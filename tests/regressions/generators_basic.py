def count(n):
    i = 0
    while i < n:
        print("  yielding", i)
        yield i
        i += 1
    return "done"


for x in count(3):
    print("got", x)

print(sum(x * x for x in range(5)), list(count(2)), sorted(c for c in "bca"))
print(", ".join(str(n) for n in range(4)), tuple(x for x in [1, 2] if x > 1), max(x % 3 for x in range(7)))


def fib():
    a, b = 0, 1
    while True:
        yield a
        a, b = b, a + b


for n in fib():
    if n > 50:
        break
    print(n, end=" ")
print()
gen = count(1)
print([v for v in gen], list(gen))


def failing():
    yield 1
    raise ValueError("inside the generator")


for v in failing():
    print("value", v)
