print(f"{x")
y = (
