print("before")
abs('a')
print("not reached")
