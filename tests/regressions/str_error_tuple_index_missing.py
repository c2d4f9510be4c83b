print("before")
(1,).index(2)
print("not reached")
