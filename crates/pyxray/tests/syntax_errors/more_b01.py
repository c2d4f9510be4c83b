name = "Al"
print(f"{name!}")
