def greet(name=):
    pass
