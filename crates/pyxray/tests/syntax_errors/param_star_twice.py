def pick(*first, *second):
    pass
