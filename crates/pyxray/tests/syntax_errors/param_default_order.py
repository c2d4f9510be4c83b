def mix(a, b=2, c):
    pass
