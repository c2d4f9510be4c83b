print("before")
sum(['a'])
print("not reached")
