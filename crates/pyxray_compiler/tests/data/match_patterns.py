def f(p):
    match p:
        case [x, y]:
            return x
        case {"k": v, **rest}:
            return v
        case Point(x=0, y=yy) | Point(y=yy, x=1):
            return yy
        case -1 | 1+2j:
            return 0
        case [first, *_, last] if first:
            return last
        case str() as s:
            return s
        case _:
            return None
