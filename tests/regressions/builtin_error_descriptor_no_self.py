print("before")
print(list.append())
print("not reached")
