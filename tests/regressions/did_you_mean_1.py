# NameError and AttributeError suggestions as the traceback prints them
count = 0
print(cuont)
