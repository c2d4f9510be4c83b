width, height: int
