# generators read by unpacking, `in`, star-arguments, map and filter: items read one by one
def numbers(n):
    for i in range(n):
        print("yield", i)
        yield i
    print("numbers done")


a, b = numbers(2)
print(a, b)
print(2 in numbers(5), 9 not in numbers(2))
print([*numbers(2), "end"])
print(*numbers(2), sep=", ")
print(list(map(str, numbers(2))), list(filter(None, numbers(3))))
print(list(map(pow, numbers(2), [3, 3])))
print(sorted(zip(numbers(2), "ba")), tuple(enumerate(numbers(1))))
try:
    x, y = numbers(3)
except ValueError as e:
    print("ValueError:", e)
try:
    x, y, z = numbers(1)
except ValueError as e:
    print("ValueError:", e)
left = numbers(4)
try:
    p, q = left
except ValueError as e:
    print("ValueError:", e, "| then", next(left))
