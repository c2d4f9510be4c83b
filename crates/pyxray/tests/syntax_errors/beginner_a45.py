class Dog():
    def bark(self)
        print("woof")
