# cls.__subclasses__() lists direct subclasses in creation order; cls.mro() is the MRO as a list
class Base:
    pass


class A(Base):
    pass


class B(Base):
    pass


class C(A, B):
    pass


print(Base.__subclasses__(), A.__subclasses__(), C.__subclasses__())
print([k.__name__ for k in C.mro()], C.mro() == list(C.__mro__))
Dyn = type("Dyn", (B,), {})
print([k.__name__ for k in B.__subclasses__()])
print(Base.__subclasses__ is not None, type(Base.mro).__name__)
