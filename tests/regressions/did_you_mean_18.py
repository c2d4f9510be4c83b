# NameError and AttributeError suggestions as the traceback prints them
print(os.getcwd())
