def total(*items=()):
    pass
