while (True:
    pass
