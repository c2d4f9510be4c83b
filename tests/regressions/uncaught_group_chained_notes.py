# An uncaught group whose members have causes, contexts and notes: every line inside a box,
# blank ones too, carries the box margin; notes follow each message.
def fail(n):
    try:
        {}[n]
    except KeyError as e:
        raise ValueError(f"bad {n}") from e


errors = []
for n in range(2):
    try:
        fail(n)
    except ValueError as e:
        e.add_note(f"note for {n}\nsecond line")
        errors.append(e)
try:
    1 / 0
except ZeroDivisionError as z:
    errors.append(TypeError("while dividing"))
inner = ExceptionGroup("inner", [OSError(44, "gone", "f.txt")])
inner.add_note("inner note")
g = ExceptionGroup("outer", errors + [inner])
g.add_note("group note")
raise g
