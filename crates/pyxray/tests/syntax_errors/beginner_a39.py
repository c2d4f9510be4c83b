x = "hello
world"
