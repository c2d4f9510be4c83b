import os
from sys import path as p
class A(B):
    x = 1
    def m(self):
        return self.x + super().m()
a = A()
a.m(1, 2)
d = {1: 2, 'a': b}
s = {1, 2, x}
l = [i * 2 for i in range(3) if i]
try:
    z = d[1]
except KeyError as e:
    print(e)
finally:
    del d
