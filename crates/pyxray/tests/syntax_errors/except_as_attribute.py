try:
    pass
except ValueError as err.msg:
    pass
