import math
for f, x in [(math.sqrt, -4), (math.log2, 0), (math.log10, -1.5), (math.asin, 2), (math.acos, -1.5), (math.sin, math.inf), (math.cos, -math.inf), (math.tan, math.inf), (math.log, 0), (math.log, -2.5)]:
    try:
        print(f(x))
    except ValueError as e:
        print(f, e)
