def main():
    data = load(
        "file.txt"

def load(name):
    return name
