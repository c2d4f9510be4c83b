value = break if True else 1
