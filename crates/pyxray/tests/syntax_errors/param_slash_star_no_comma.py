def order(size=1, /*, extra):
    pass
