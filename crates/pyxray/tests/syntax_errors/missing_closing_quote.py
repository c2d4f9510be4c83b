name = "Bob
print(name)
