def start(/, speed):
    pass
