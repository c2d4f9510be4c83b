a = {"x": 1, "y": 2}
b = {"y": 20, "z": 30}
merged = a | b
print(merged, a, b, merged is a)
alias = a
a |= {"w": 0}
print(a, alias is a)
a |= [("v", 5)]
print(a, b | {}, {} | b)
