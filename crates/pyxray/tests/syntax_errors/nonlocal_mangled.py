class Box:
    def open(self):
        nonlocal __lid
