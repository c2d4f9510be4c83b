# NameError and AttributeError suggestions as the traceback prints them
def f():
    total = 1
    return totl
f()
