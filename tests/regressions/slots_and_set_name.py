# __slots__ errors, __set_name__ on class creation, __init_subclass__ with keywords
class P:
    __slots__ = ("x", "y")


p = P()
try:
    p.x
except AttributeError as e:
    print("AttributeError:", e)
try:
    del p.x
except AttributeError as e:
    print("AttributeError:", e)
p.x = 1
print(p.x, hasattr(p, "__dict__"))
try:
    p.z = 1
except AttributeError as e:
    print("AttributeError:", e)
try:
    vars(p)
except TypeError as e:
    print("TypeError:", e)


class Q(P):
    pass


q = Q()
q.x = 1
q.w = 2
print(vars(q), q.x, q.w)


class Field:
    def __set_name__(self, owner, name):
        print("set_name", owner.__name__, name)
        self.name = name

    def __repr__(self):
        return f"Field({self.name})"


class Model:
    a = Field()
    b = Field()


print(Model.a, Model.b)


class Base:
    def __init_subclass__(cls, /, tag="none", **kwargs):
        print("init_subclass", cls.__name__, tag, kwargs)
        super().__init_subclass__(**kwargs)


class One(Base, tag="one"):
    pass


class Two(One):
    pass


try:
    class Three(Base, tag="three", extra=1):
        pass
except TypeError as e:
    print("TypeError:", e)


class Meta(metaclass=type):
    pass


print(type(Meta).__name__)
try:
    class Plain(other=1):
        pass
except TypeError as e:
    print("TypeError:", e)
