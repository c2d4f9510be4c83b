print(int('42'), int(' -7 '), int('1_000'), int('ff', 16), int('0x1f', 0), int('0b101', 0), int(3.99), int(-2.5), int(True))
print(float('1.5'), float(' -inf '), float('1e3'), float(7), str(12), str([1, 'a']), str(), bool(0), bool([1]), bool())
print(list('abc'), list(range(3)), tuple([1, 2]), dict(a=1, b=2), dict([('x', 1), ('y', 2)]), dict({'k': 'v'}))
print(type(1), type('a'), type([]), type(True), type(1.5), type(type(1)), type(None) if False else 0)
print(isinstance(1, int), isinstance(True, int), isinstance('a', (int, str)), isinstance(1.0, int), issubclass(bool, int))
class A:
    pass
class B(A):
    pass
print(type(B()) is B, isinstance(B(), A), issubclass(B, A), issubclass(A, B), type(B()).__name__)
try:
    int('abc')
except ValueError as e:
    print(e)
try:
    float('x1')
except ValueError as e:
    print(e)
try:
    int(float('nan'))
except ValueError as e:
    print(e)
try:
    int('1' * 5000)
except ValueError as e:
    print(e)
print(int('12', base=8), int('z', 36))
