def counter():
    global total
    nonlocal total
