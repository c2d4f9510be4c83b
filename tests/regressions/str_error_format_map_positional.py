print("before")
'{}'.format_map({})
print("not reached")
