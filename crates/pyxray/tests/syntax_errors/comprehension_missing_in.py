pairs = [v for v, w if v]
