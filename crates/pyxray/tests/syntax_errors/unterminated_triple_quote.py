text = """start
never ends
