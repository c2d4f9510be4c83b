type Pair = (first := 1)
