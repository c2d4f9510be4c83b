def total(**items={}):
    pass
