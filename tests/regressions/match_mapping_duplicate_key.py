# A mapping pattern whose value patterns name the same key twice: ValueError at run time.
class Keys:
    A = "a"
    ALSO_A = "a"


match {"a": 1, "b": 2}:
    case {Keys.A: 1, Keys.ALSO_A: 1}:
        print("matched")
