s = "hello world"
print(s.find("o"), s.rfind("o"), s.find("o", 5), s.find("o", 5, 7), s.find("z"), s.find(""), s.find("", 20))
print(s.index("w"), s.rindex("l"), s.count("l"), s.count("l", 4), s.count(""), "aaaa".count("aa"), s.count("", 20))
print(s.startswith("he"), s.startswith("wo", 6), s.startswith(("x", "h")), s.endswith("ld"), s.endswith("lo", 0, 5))
print(s.find("o", -4), s.find("l", None, 4), "héllo".find("l"), "héllo".index("o"), s.startswith(""), s.endswith("", 20))
print(s.replace("o", "0"), s.replace("l", "L", 2), "abc".replace("", "-"), s.replace("xyz", "?"), "aaa".replace("a", "b", count=1))
print("abc".center(9, "*"), "abc".center(8), "ab".center(5, "-"), "abc".center(2), "abc".ljust(6, "."), "abc".rjust(6), "x".rjust(3, "0"))
print("7".zfill(3), "-7".zfill(4), "+12".zfill(5), "abc".zfill(2), "".zfill(3))
print("a\tb".expandtabs(4), repr("\tx\ny\tz".expandtabs()), repr("ab\tc".expandtabs(0)))
