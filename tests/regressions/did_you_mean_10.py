# NameError and AttributeError suggestions as the traceback prints them
class A:
    def __init__(self):
        self._secret = 1
    def get(self):
        return self._secrte
A().get()
