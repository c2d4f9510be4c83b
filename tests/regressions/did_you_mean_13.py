# NameError and AttributeError suggestions as the traceback prints them
d = {}
d.iterkeys()
