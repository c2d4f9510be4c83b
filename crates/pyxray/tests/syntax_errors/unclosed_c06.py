if (x > 1
    and y < 2:
    pass
