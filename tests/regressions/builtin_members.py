z = 3 + 4j
print(z.real, z.imag, z.conjugate(), (1j).imag, (7).real, (7).imag, (7).numerator, (7).denominator, (7).conjugate())
print(True.real, True.numerator, (2.5).real, (2.5).imag, (2.5).conjugate(), (5).is_integer(), 1 .real)
r = range(1, 10, 2)
print(r.start, r.stop, r.step, range(5).start, range(5).step)


def outer(a, b=2, *, c=3):
    """Docstring here."""
    x = a

    def inner():
        return x
    return inner


f = outer(1)
print(outer.__name__, outer.__qualname__, outer.__defaults__, outer.__kwdefaults__, outer.__doc__, outer.__module__)
print(f.__name__, f.__qualname__, f.__closure__[0].cell_contents, f.__doc__, f.__defaults__)
print(outer.__code__.co_argcount, outer.__code__.co_kwonlyargcount, outer.__code__.co_varnames, outer.__code__.co_cellvars)
print(f.__code__.co_freevars, f.__code__.co_name, outer.__code__.co_qualname)
print(print.__name__, len.__qualname__, [].append.__name__, [].append.__qualname__)
