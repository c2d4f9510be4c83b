print(f'{"a" "b"')
