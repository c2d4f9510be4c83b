words = ["banana", "Apple", "cherry"]
print(sorted(words, key=str.lower), [*map(str.upper, "ab")], str.join("-", ["a", "b"]), [*map(int, ["1", "2"])])
print(list(zip("ab", [1, 2])), list(enumerate("xy")), list({"a": 1}.items()), tuple(reversed([1, 2])), max(map(len, words)))
print(list.append, str.lower("ABC"), dict.get({"k": 1}, "k"), int.bit_length(255), [*map(str.strip, [" a ", "b "])], sorted(["10", "9"], key=int))
