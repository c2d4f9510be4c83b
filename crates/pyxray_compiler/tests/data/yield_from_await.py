def g():
    x = yield from range(3)
    return x
async def h(a):
    r = await a
    return r
