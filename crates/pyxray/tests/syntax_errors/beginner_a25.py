for x in 1..3:
    pass
