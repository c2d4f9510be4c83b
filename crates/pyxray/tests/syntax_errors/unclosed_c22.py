print(len("abc")
