def risky(n):
    if n == 0:
        raise ValueError("zero")
    if n == 1:
        return [][1]
    if n == 2:
        return {}['k']
    return 10 // (n - 3)

for n in range(5):
    try:
        print("result", risky(n))
    except (ValueError, KeyError) as e:
        print("value or key:", e, e.args if False else "")
    except LookupError as e:
        print("lookup:", e)
    except ArithmeticError:
        print("arithmetic")
    else:
        print("no error")
    finally:
        print("finally", n)

def nested():
    try:
        try:
            raise TypeError("inner")
        finally:
            print("inner finally")
    except TypeError as e:
        print("outer caught", e)
        return "returned"
print(nested())

class AppError(Exception):
    pass

class DeepError(AppError):
    pass

try:
    raise DeepError("deep", 42)
except AppError as e:
    print("app error:", e, repr(e))

try:
    raise KeyError
except Exception as e:
    print("bare class:", repr(e), e.args == ())

for i in range(3):
    try:
        if i == 1:
            continue
        print("body", i)
    finally:
        print("cleanup", i)
try:
    assert 1 + 1 == 3, "math is broken"
except AssertionError as e:
    print("assert:", e)
