def pick[T: (yield)](): pass
