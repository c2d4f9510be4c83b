async def f(s, it):
    async with s as x, s:
        print(x)
    async for i in it:
        if i:
            break
        print(i)
    else:
        return 1
    async with s:
        return 2
