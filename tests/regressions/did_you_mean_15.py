# NameError and AttributeError suggestions as the traceback prints them
abcdefghijklmnopqrstuvwxyz_abcdefghijklmnopq
