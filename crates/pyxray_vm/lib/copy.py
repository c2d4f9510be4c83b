"""Shallow and deep copies of objects.

pyxray's own implementation of the documented behaviour of CPython's copy module:
copy(x) makes a new container holding the same items; deepcopy(x) copies the items too,
recursively, copying each object once (shared and cyclic references stay shared and cyclic).
"""


class Error(Exception):
    pass


error = Error

# Objects of these types are never copied: they cannot change.
_ATOMIC = (type(None), int, float, bool, complex, str, bytes, type, range,
           type(...), type(NotImplemented), type(len), type(lambda: 0))


def copy(x):
    """A shallow copy of x."""
    cls = type(x)
    if cls in _ATOMIC:
        return x
    if cls is tuple:
        return x
    if cls is list:
        return x[:]
    if cls is dict:
        return x.copy()
    copier = getattr(cls, "__copy__", None)
    if copier is not None:
        return copier(x)
    return _copy_instance(x, False, None)


def deepcopy(x, memo=None):
    """A deep copy of x: every object reachable from it is copied once."""
    if memo is None:
        memo = {}
    key = id(x)
    if key in memo:
        return memo[key]
    cls = type(x)
    if cls in _ATOMIC:
        return x
    if cls is list:
        y = []
        memo[key] = y
        for item in x:
            y.append(deepcopy(item, memo))
    elif cls is tuple:
        items = [deepcopy(item, memo) for item in x]
        # A tuple of the same objects is the tuple itself (unless copying it made it).
        if key in memo:
            return memo[key]
        same = True
        for i in range(len(x)):
            if items[i] is not x[i]:
                same = False
                break
        y = x if same else tuple(items)
    elif cls is dict:
        y = {}
        memo[key] = y
        for k, v in x.items():
            y[deepcopy(k, memo)] = deepcopy(v, memo)
    else:
        copier = getattr(x, "__deepcopy__", None)
        if copier is not None:
            y = copier(memo)
        else:
            y = _copy_instance(x, True, memo)
    memo[key] = y
    return y


def _copy_instance(x, deep, memo):
    # An instance of a class: a new instance of the same class with (copies of) its
    # attributes, made without calling __init__.
    cls = type(x)
    state = getattr(x, "__dict__", None)
    if state is None:
        raise Error("un(deep)copyable object of type " + cls.__name__)
    y = object.__new__(cls)
    if deep:
        memo[id(x)] = y
        state = deepcopy(state, memo)
    for name, value in state.items():
        setattr(y, name, value)
    return y
