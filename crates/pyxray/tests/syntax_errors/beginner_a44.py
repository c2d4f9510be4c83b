def greet:
    pass
