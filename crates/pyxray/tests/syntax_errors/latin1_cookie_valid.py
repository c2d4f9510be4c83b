# -*- coding: latin-1 -*-
x = "ÿ"
print(x)
