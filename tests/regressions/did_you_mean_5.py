# NameError and AttributeError suggestions as the traceback prints them
import math
print(math.sqr(4))
