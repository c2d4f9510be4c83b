message = "She said "hello" to me"
