print((0.1).hex(), (1.0).hex(), (-2.5).hex(), (0.0).hex(), (-0.0).hex(), (5e-324).hex(), (1e308).hex(), (1e400).hex())
def f():
    pass
print(callable(print), callable(f), callable(len), callable([].append), callable(1), callable("x"), callable(None))
