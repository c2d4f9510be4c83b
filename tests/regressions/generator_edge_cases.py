# generator edge cases: argument errors of next/send/throw/close, zip reading one too many, deep yield from
def gen():
    yield 1
g = gen()
print(repr(g)[:22], g.gi_yieldfrom, g.gi_code.co_name)
print(list(zip(gen(), gen(), gen())))
def count_up():
    n = 0
    while True:
        n += 1
        yield n
c = count_up()
print([x for x, _ in zip(c, range(3))], next(c))
print(list(enumerate(gen(), 10)), next(enumerate(count_up())))
try:
    next(gen(), 1, 2)
except TypeError as e:
    print(e)
try:
    gen().send()
except TypeError as e:
    print(e)
try:
    gen().throw()
except TypeError as e:
    print(e)
try:
    gen().close(1)
except TypeError as e:
    print(e)
def deep(n):
    if n:
        yield from deep(n - 1)
    else:
        yield "bottom"
print(next(deep(50)))
try:
    print(next(deep(2000)))
except RecursionError as e:
    print("RecursionError")
x = (1 / v for v in [1, 0])
print(next(x))
next(x)
