print("before")
[*zip([1], [2, 3], strict=True)]
print("not reached")
