# NameError and AttributeError suggestions as the traceback prints them
print(lenn([1]))
