table = {ord("a"): "4", ord("e"): None, ord("o"): 48}
print("hello amigo".translate(table), "abc".translate({}), "abc".translate({98: "BB"}))
print("{name} is {age}".format_map({"name": "Ann", "age": 7}), "{x:>4}|".format_map({"x": 1}))
print("abc".isprintable(), "a\tb".isprintable(), "".isprintable(), "é ü".isprintable(), "a\nb".isprintable(), "\u200b".isprintable())
