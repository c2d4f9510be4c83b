flat = [*row for row in [[1]]]
