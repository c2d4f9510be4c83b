print(1 - 0j, -1j * 0, 1e309j * -153, 0 - 1j, 2 + 3j - 2, 1.5 * (2 - 1j), (4 + 2j) / 2)
print(100j / 0.1j, 0 / 1e309j, 1e309j / 1e309j, (1 + 2j) / (3 - 4j), 1 / (1 + 1j))
print(-(1 - 3j) / 1.7976931348623157e308, 3j / (-8.4908e287 + 100j))
print(complex_zero_division if False else (1 + 1j) / 0j)
