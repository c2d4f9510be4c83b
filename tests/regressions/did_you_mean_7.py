# NameError and AttributeError suggestions as the traceback prints them
class P:
    def __init__(self):
        self.value = 1
    def show(self):
        return value
P().show()
