# An uncaught ValueError from a starred assignment with too few values.
def split(values):
    head, *middle, second_last, last = values
    return head, middle, second_last, last


print(split([1, 2, 3]))
print(split("ab"))
