print("".join([str(i) for i in range(3)])
print("next")
