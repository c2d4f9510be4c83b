rest = [1]
del *rest
