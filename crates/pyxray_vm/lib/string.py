"""Constants of character classes, capwords, and Template's $-substitution.

pyxray's own implementation of the documented behaviour of CPython's string module.
"""

whitespace = ' \t\n\r\v\f'
ascii_lowercase = 'abcdefghijklmnopqrstuvwxyz'
ascii_uppercase = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ'
ascii_letters = ascii_lowercase + ascii_uppercase
digits = '0123456789'
hexdigits = digits + 'abcdef' + 'ABCDEF'
octdigits = '01234567'
punctuation = r"""!"#$%&'()*+,-./:;<=>?@[\]^_`{|}~"""
printable = digits + ascii_letters + punctuation + whitespace


def capwords(s, sep=None):
    """Splits s into words, capitalizes each, and joins them with sep (a space when sep is
    None, which also collapses runs of whitespace)."""
    return (sep or ' ').join([word.capitalize() for word in s.split(sep)])


_IDENTIFIER_START = '_' + ascii_letters
_IDENTIFIER_REST = _IDENTIFIER_START + digits


class Template:
    """A string with $-placeholders: $name or ${name} is replaced by a value, $$ is a $."""

    delimiter = '$'

    def __init__(self, template):
        self.template = template

    def _placeholders(self):
        # Yields (start, end, kind, name): kind is 'escaped', 'named' or 'invalid'.
        text = self.template
        i = 0
        n = len(text)
        while i < n:
            if text[i] != '$':
                i += 1
                continue
            if i + 1 < n and text[i + 1] == '$':
                yield (i, i + 2, 'escaped', None)
                i += 2
                continue
            if i + 1 < n and text[i + 1] == '{':
                j = i + 2
                if j < n and text[j] in _IDENTIFIER_START:
                    j += 1
                    while j < n and text[j] in _IDENTIFIER_REST:
                        j += 1
                    if j < n and text[j] == '}':
                        yield (i, j + 1, 'named', text[i + 2:j])
                        i = j + 1
                        continue
                yield (i, i + 1, 'invalid', None)
                i += 1
                continue
            j = i + 1
            if j < n and text[j] in _IDENTIFIER_START:
                j += 1
                while j < n and text[j] in _IDENTIFIER_REST:
                    j += 1
                yield (i, j, 'named', text[i + 1:j])
                i = j
                continue
            yield (i, i + 1, 'invalid', None)
            i += 1

    def _invalid(self, start):
        lines = self.template[:start].split('\n')
        colno = start - len('\n'.join(lines[:-1]))
        if len(lines) > 1:
            colno -= 1
        raise ValueError('Invalid placeholder in string: line %d, col %d'
                         % (len(lines), colno + 1))

    def _substitute(self, mapping, safe):
        parts = []
        last = 0
        for start, end, kind, name in self._placeholders():
            parts.append(self.template[last:start])
            last = end
            if kind == 'escaped':
                parts.append('$')
            elif kind == 'named':
                if safe:
                    try:
                        parts.append('%s' % (mapping[name],))
                    except KeyError:
                        parts.append(self.template[start:end])
                else:
                    parts.append('%s' % (mapping[name],))
            elif safe:
                parts.append('$')
            else:
                self._invalid(start)
        parts.append(self.template[last:])
        return ''.join(parts)

    def substitute(self, mapping=None, /, **kws):
        """The template with every placeholder replaced (KeyError for a missing name)."""
        return self._substitute(_merged(mapping, kws), False)

    def safe_substitute(self, mapping=None, /, **kws):
        """The template with the placeholders that have values replaced; others stay."""
        return self._substitute(_merged(mapping, kws), True)

    def get_identifiers(self):
        """The names of the valid placeholders, each once, in order of appearance."""
        names = []
        for start, end, kind, name in self._placeholders():
            if kind == 'named' and name not in names:
                names.append(name)
        return names

    def is_valid(self):
        """Whether every $ starts a valid placeholder or an escape."""
        for start, end, kind, name in self._placeholders():
            if kind == 'invalid':
                return False
        return True


def _merged(mapping, kws):
    if mapping is None:
        return kws
    if kws:
        merged = dict(mapping)
        merged.update(kws)
        return merged
    return mapping
