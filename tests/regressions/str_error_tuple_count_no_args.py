print("before")
(1, 2).count()
print("not reached")
