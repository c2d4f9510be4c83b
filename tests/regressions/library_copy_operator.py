# copy (shallow, deep, shared and cyclic structures) and operator, as library modules
import copy, operator
a = [[1, 2], [3]]
b = copy.copy(a)
c = copy.deepcopy(a)
print(b == a, b is a, b[0] is a[0], c[0] is a[0], c == a)
d = {"k": [1], "t": ([2], 3)}
e = copy.deepcopy(d)
print(e, e["k"] is d["k"], e["t"][0] is d["t"][0])
shared = [0]
pair = [shared, shared]
pc = copy.deepcopy(pair)
print(pc[0] is pc[1], pc[0] is shared)
cyc = [1]
cyc.append(cyc)
cc = copy.deepcopy(cyc)
print(cc[1] is cc, cc is cyc)
t = (1, "a", None)
print(copy.deepcopy(t) is t, copy.copy(t) is t)
print(operator.add(2, 3), operator.mul("ab", 2), operator.neg(5), operator.not_(0), operator.truth([]))
print(operator.getitem([1, 2], 1), operator.contains("abc", "b"), operator.countOf([1, 2, 1], 1), operator.indexOf("abc", "c"))
print(operator.abs(-3), operator.pow(2, 10), operator.lt(1, 2), operator.is_(None, None))
