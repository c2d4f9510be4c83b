# NameError and AttributeError suggestions as the traceback prints them
import random
random.randit(1, 2)
