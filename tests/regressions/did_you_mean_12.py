# NameError and AttributeError suggestions as the traceback prints them
x = 5
x.bit_lenght()
