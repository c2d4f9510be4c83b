a, b = 'x'
