z = 0j
print(z ** 0, z ** 2)
print(z ** -1)
