print("a" ! "b")
