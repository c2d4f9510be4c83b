first, "second" = 1, 2
