# NameError and AttributeError suggestions as the traceback prints them
def g(self):
    pass
print(tru)
