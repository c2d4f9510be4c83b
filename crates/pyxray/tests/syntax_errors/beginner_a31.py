import math
math.sqrt(16))
