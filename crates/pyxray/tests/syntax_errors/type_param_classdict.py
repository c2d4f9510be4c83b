class Box[__classdict__]:
    pass
