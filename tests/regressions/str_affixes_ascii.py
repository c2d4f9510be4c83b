print("hello".removeprefix("he"), "hello".removesuffix("lo"), "hello".removeprefix("x"), "".removesuffix("a"))
print(ascii("café"), ascii([1, "ü", "\U0001F600"]), ascii(5), ascii("plain"))
