print("before")
(1e400).as_integer_ratio()
print("not reached")
