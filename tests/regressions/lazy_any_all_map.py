def loud(v):
    print("check", v)
    return v > 2
print(any(map(loud, [1, 3, 5])), all(map(loud, [3, 1, 5])), any(map(loud, [])))
class C:
    def __iter__(self):
        return iter([0, 0, 1])
print(any(C()), all(C()))
print(sorted([3, 1, 2], key=lambda v: -v), min([3, 1, 2], key=lambda v: -v))
a, b = 1, 2
