# classmethod binds the class it is looked up on (also via a subclass or an instance);
# staticmethod gives the plain function through the class and through instances
class A:
    count = 0

    @classmethod
    def make(cls, *args):
        return cls.__name__, args

    @staticmethod
    def helper(x, y=2):
        return x * y

    @classmethod
    def bump(cls):
        cls.count += 1
        return cls.count


class B(A):
    pass


print(A.make(1), B.make(), B().make(3))
print(A.helper(4), A().helper(4, 3), B.helper(x=5))
print(A.bump(), B.bump(), B.bump(), A.count, B.count)
print(type(A.__dict__["helper"]).__name__, type(A.__dict__["make"]).__name__)
print(A.__dict__["helper"].__func__ is A.helper)
m = B.make
print(m(), m.__func__ is A.__dict__["make"].__func__)
sm = staticmethod(len)
print(sm("abc"), callable(sm))


class WithNew:
    def __init__(self):
        print("init not run by __new__")


w = WithNew.__new__(WithNew)
print(type(w).__name__, WithNew.mro()[0] is WithNew)
