try:
    1 / 0
except ZeroDivisionError as e:
    raise RuntimeError("could not divide") from e
