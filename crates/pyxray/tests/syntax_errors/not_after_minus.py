x = - not 1
