print(list(map(ord, "ab")) if False else "", [*map(ord, "ab")], [*filter(str.isdigit, "a1b2")] if False else "", [*zip("abc", range(2), "xyz")], [*enumerate((), 5)])
print(sum([0.1] * 10), sum([1e100, 1.0, -1e100]), sum([1, 2.5]), sum([[1], [2, 3]], [0]), sum(range(10), -45))
d = {}
for i in range(5):
    d.setdefault(i % 2, []).append(i)
print(d, d.get(0)[1], {**d, 2: 0}, d.pop(1), d)
print(b"hello world".split(), b"a  b".split(b" "), b"\x00\xff".hex(), b"abc".replace(b"", b"-"), b"xyz".find(b""), bytes(3) if False else "")
print("é€𝄞".encode("utf-8"), "é€".encode("latin-1", "replace"), "aé".encode("ascii", "ignore"), b"\xf0\x9d\x84\x9e".decode(), b"\xc3".decode("utf-8", "replace"))
