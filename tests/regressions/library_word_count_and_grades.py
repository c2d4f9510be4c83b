text = """The quick brown fox jumps over the lazy dog.
The dog barks; the fox runs away!  Quick, quick."""
words = [w.strip(".,;!").lower() for w in text.split()]
counts = {}
for w in words:
    counts[w] = counts.get(w, 0) + 1
top = sorted(counts.items(), key=None, reverse=False)
for word, n in top[:5]:
    print(f"{word:<8}{n:>3}")
print(max(counts.values()), min(counts), sum(counts.values()), len(counts))
print(", ".join(sorted(set_words)) if False else "; ".join(sorted(counts)[:4]))
lines = text.splitlines()
for i, line in enumerate(lines, start=1):
    print("%2d: %s" % (i, line.upper()[:20].ljust(20, ".")), len(line.split()))
grades = {"ann": [90, 85.5, 77], "bob": [60, 70, 80], "cy": [100]}
for name, marks in sorted(grades.items()):
    avg = sum(marks) / len(marks)
    print("{:>5}: avg={:6.2f} best={} worst={} {}".format(name.title(), avg, max(marks), min(marks), "*" * round(avg / 10)))
pairs = list(zip("abc", [1, 2, 3])) if False else [*zip("abc", [1, 2, 3])]
print(pairs, dict(pairs) if False else {k: v for k, v in pairs})
nums = [5, 3, 8, 1, 9, 2]
nums.sort()
print(nums, nums[::-1], sorted(nums, reverse=True)[:3], any(n > 8 for n in [1]) if False else any([n > 8 for n in nums]))
print(divmod(sum(nums), len(nums)), round(sum(nums) / len(nums), 2), pow(2, len(nums)), abs(-7.25))
s = "Hello, World"
print(s.count("l"), s.find("World"), s.replace("World", "Python"), s[::-1], s.swapcase(), s.startswith("Hell"))
print(" ".join(reversed(s.split(", "))), "-".join([c for c in "abc"]), s.partition(", "), s.center(20, "="))
print(chr(ord("a") + 1), [ord(c) - 96 for c in "abc"], hex(255), bin(10)[2:].zfill(8), int_ if False else "", format(1234.5678, ",.2f"))
