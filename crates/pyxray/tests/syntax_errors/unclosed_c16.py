print("hello"  # comment
