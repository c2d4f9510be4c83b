x + 1: int = 2
