items = [1]
del items[0], len(items)
