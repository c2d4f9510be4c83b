# NameError and AttributeError suggestions as the traceback prints them
class A:
    pass
A().xyz
