config = {"a": 1,
          "b": 2

def main():
    pass
