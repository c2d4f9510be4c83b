# coroutines driven by send(None) without an event loop: await chains, return values, errors
async def leaf(x):
    return x * 2


async def middle(x):
    a = await leaf(x)
    b = await leaf(a)
    return a + b


async def top():
    total = await middle(1)
    print("total", total)
    return total


coro = top()
print(type(coro).__name__, coro.__name__, coro.cr_running, coro.cr_suspended)
try:
    coro.send(None)
except StopIteration as stop:
    print("result", stop.value)
try:
    coro.send(None)
except RuntimeError as e:
    print("RuntimeError:", e)

c = leaf(1)
try:
    c.send(5)
except TypeError as e:
    print("TypeError:", e)
try:
    next(c)
except TypeError as e:
    print("TypeError:", e)
try:
    for _ in c:
        pass
except TypeError as e:
    print("TypeError:", e)
print(c.close())


async def waits_on_number():
    await 3


try:
    waits_on_number().send(None)
except TypeError as e:
    print("TypeError:", e)


def plain(awaitable):
    yield from awaitable


waited = leaf(1)
try:
    next(plain(waited))
except TypeError as e:
    print("TypeError:", e)
waited.close()


async def fails():
    raise ValueError("inside the coroutine")


async def catches():
    try:
        await fails()
    except ValueError as e:
        return f"caught {e}"


try:
    catches().send(None)
except StopIteration as stop:
    print(stop.value)
fails().send(None)
