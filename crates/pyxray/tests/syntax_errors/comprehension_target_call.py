data = []
squares = [n for n() in data]
