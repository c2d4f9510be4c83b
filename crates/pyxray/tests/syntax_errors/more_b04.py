x = 1
print(f"{x=!r:>10")
