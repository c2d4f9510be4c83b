# NameError and AttributeError suggestions as the traceback prints them
s = 'x'
s.uper()
