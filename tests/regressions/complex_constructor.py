# complex() from numbers, and its argument errors
print(complex(), complex(1, 2), complex(1.5), complex(True), complex(-0.0, 0))
for bad in (([],), (1, "x")):
    try:
        complex(*bad)
    except TypeError as e:
        print(e)
