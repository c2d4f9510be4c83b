try:
    raise KeyError("axstwh")
except Exception as e:
    print(e, repr(e), e.args)
class MyKey(KeyError):
    pass
try:
    raise MyKey(42)
except LookupError as e:
    print(e)
raise KeyError("k")
