match point:
    case Point(x=0, y, z=1, w):
        pass
