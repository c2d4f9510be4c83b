print("before")
{"a": 1} | [("b", 2)]
print("not reached")
