# bisect, heapq and string, written in Python and imported as library modules: results and
# heap layouts as CPython gives them
import bisect, heapq, string
a = [1, 3, 3, 5, 8]
print(bisect.bisect(a, 3), bisect.bisect_left(a, 3), bisect.bisect_right(a, 4))
bisect.insort(a, 4)
bisect.insort_left(a, 3)
print(a)
print(bisect.bisect_left(["apple", "fig", "kiwi"], 4, key=len))
h = []
for x in [5, 1, 8, 3, 9, 2, 7, 1]:
    heapq.heappush(h, x)
print(h)
print([heapq.heappop(h) for _ in range(3)], h)
data = [9, 4, 7, 1, 8, 2, 6, 3, 5, 0]
heapq.heapify(data)
print(data)
print(heapq.heapreplace(data, 10), heapq.heappushpop(data, -1), data)
print(heapq.nlargest(3, [5, 1, 8, 3]), heapq.nsmallest(2, ["bb", "a", "ccc"], key=len))
print(list(heapq.merge([1, 4, 7], [2, 5, 8], [3, 6])))
try:
    heapq.heappop([])
except IndexError as e:
    print("IndexError", e)
print(string.ascii_letters, string.digits, string.hexdigits, string.octdigits)
print(len(string.punctuation), string.punctuation[:5], repr(string.whitespace), len(string.printable))
print(string.capwords("hello big   world"), string.capwords("a-b-c", "-"))
t = string.Template("$who likes ${what}! $$5")
print(t.substitute(who="Tim", what="tea"), t.safe_substitute(who="Ann"))
print(t.substitute({"who": "Bo", "what": "x"}, what="y"), t.get_identifiers(), t.is_valid())
try:
    t.substitute(who="x")
except KeyError as e:
    print("KeyError", e)
try:
    string.Template("ab $ 1").substitute()
except ValueError as e:
    print("ValueError", e)
print(string.Template("a\nb $3").safe_substitute())
print(bisect.__name__, heapq.heappush.__name__)
