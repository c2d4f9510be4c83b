def order(*, size, /):
    pass
