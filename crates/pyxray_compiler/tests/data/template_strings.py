name = "x"
t = t"hi {name!r:>5} and {1+2} end"
u = t"plain"
v = t"{name}"
