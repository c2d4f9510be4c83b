# NameError and AttributeError suggestions as the traceback prints them
items = [1]
items.apend(2)
