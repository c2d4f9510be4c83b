def typed(x: *int):
    pass
