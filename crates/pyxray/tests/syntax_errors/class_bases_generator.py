class Numbers(n for n in range(3)):
    pass
