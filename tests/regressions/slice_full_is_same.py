s = "hello"
t = (1, 2)
b = b"xy"
l = [1]
e = ""
print(s[:] is s, s[0:5] is s, s[::1] is s, s[::-1] is s, t[:] is t, b[:] is b, l[:] is l, s[:4] is s, e[:] is e)
