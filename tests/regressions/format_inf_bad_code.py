print(f'{1e309:f}', f'{-1e309:e}', format(float("nan"), "g"))
print(f'{1e309:d}')
