def move(point, (dx, dy)):
    pass
