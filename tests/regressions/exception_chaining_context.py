def parse(text):
    try:
        return int_of(text)
    except KeyError:
        raise ValueError("bad number: " + text)

def int_of(text):
    return {'one': 1}[text]

print(parse('one'))
print(parse('two'))
