print("before")
'{x}'.format_map({})
print("not reached")
