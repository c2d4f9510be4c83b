def show(**options, extra):
    pass
