import math
import sys
from math import sqrt, pi as PI, floor as round_down

print(math.sqrt(16), sqrt(2), PI, math.e, math.inf, -math.inf, math.nan)
print(math.floor(2.7), math.ceil(2.1), round_down(-1.5), math.trunc(-2.9), math.floor(10**20))
print(math.gcd(12, 18), math.lcm(4, 6), math.factorial(20), math.isqrt(10**20 + 1), math.comb(10, 3), math.perm(5, 2))
print(math.log(math.e), math.log(8, 2), math.log10(1000), math.log2(1024), math.log(10**400) > 920)
print(math.isclose(0.1 + 0.2, 0.3), math.isfinite(1.0), math.isinf(math.inf), math.isnan(math.nan), math.fabs(-3))
print(math.pow(2, 10), math.hypot(3, 4), math.copysign(1, -0.0), math.degrees(math.pi), math.radians(180))
print(sys.maxsize > 2**30, sys.getrecursionlimit(), sys.argv[0].endswith(".py"), math.sqrt)
try:
    math.sqrt(-1)
except ValueError as e:
    print("ValueError:", e)
try:
    from math import no_such_name
except ImportError as e:
    print("ImportError:", e)
try:
    import no_such_module_here
except ModuleNotFoundError as e:
    print("ModuleNotFoundError:", e)
try:
    math.factorial(-1)
except ValueError as e:
    print(e)
print(math.missing)
