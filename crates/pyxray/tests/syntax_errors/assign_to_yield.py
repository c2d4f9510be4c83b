def gen():
    x = yield = 3
