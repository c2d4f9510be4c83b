square = lambda *: 0
