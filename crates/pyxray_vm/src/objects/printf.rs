//! printf-style formatting: `"%s is %d" % (name, age)`.
//!
//! CPython: `Objects/unicodeobject.c` (`PyUnicode_Format`, `unicode_format_arg_parse`,
//! `unicode_format_arg_format`, `formatlong`, `formatfloat`, `formatchar`). Floats go through
//! the format mini-language (`format.rs`), which shares CPython's float-to-text routines.

use num_bigint::BigInt;
use num_traits::{Signed, ToPrimitive};

use super::format::format_value;
use super::{memory_error, repr, str_of, Object, Raise};
use crate::heap::{Heap, ObjId};

/// Where the values come from: a tuple's items in turn, one value, or a dict by `%(key)`.
struct Arguments<'a> {
    heap: &'a Heap,
    items: Vec<ObjId>,
    next: usize,
    mapping: Option<ObjId>,
}

impl Arguments<'_> {
    fn next_value(&mut self) -> Result<ObjId, Raise> {
        let value = self
            .items
            .get(self.next)
            .copied()
            .ok_or_else(|| Raise::new("TypeError", "not enough arguments for format string"))?;
        self.next += 1;
        Ok(value)
    }

    fn by_key(&self, key: &str) -> Result<ObjId, Raise> {
        let Some(Object::Dict(pairs)) = self.mapping.and_then(|m| self.heap.get(m)) else {
            return Err(Raise::new("TypeError", "format requires a mapping"));
        };
        pairs
            .iter()
            .find(|(k, _)| matches!(self.heap.get(*k), Some(Object::Str(s)) if s == key))
            .map(|&(_, value)| value)
            .ok_or_else(|| Raise::new("KeyError", format!("'{key}'")))
    }
}

/// One conversion's flags, width and precision.
#[derive(Default)]
struct Spec {
    left: bool,
    zero: bool,
    plus: bool,
    space: bool,
    alternate: bool,
    width: usize,
    precision: Option<usize>,
}

/// `template % values`.
pub fn printf_format(heap: &Heap, template: &str, values: ObjId) -> Result<String, Raise> {
    let (items, mapping) = match heap.get(values) {
        Some(Object::Tuple(items)) => (items.clone(), None),
        Some(Object::Dict(_)) => (vec![values], Some(values)),
        _ => (vec![values], None),
    };
    let mut arguments = Arguments {
        heap,
        items,
        next: 0,
        mapping,
    };
    let chars: Vec<char> = template.chars().collect();
    let mut out = String::with_capacity(template.len());
    let mut i = 0;
    let mut used_key = false;
    while i < chars.len() {
        if chars[i] != '%' {
            out.push(chars[i]);
            i += 1;
            continue;
        }
        i += 1;
        let mut key_value = None;
        if chars.get(i) == Some(&'(') {
            let start = i + 1;
            let mut depth = 1;
            let mut end = start;
            while end < chars.len() && depth > 0 {
                match chars[end] {
                    '(' => depth += 1,
                    ')' => depth -= 1,
                    _ => {}
                }
                end += 1;
            }
            if depth > 0 {
                return Err(Raise::new("ValueError", "incomplete format key"));
            }
            let key: String = chars[start..end - 1].iter().collect();
            key_value = Some(arguments.by_key(&key)?);
            used_key = true;
            i = end;
        }
        let mut spec = Spec::default();
        while let Some(&flag) = chars.get(i) {
            match flag {
                '-' => spec.left = true,
                '0' => spec.zero = true,
                '+' => spec.plus = true,
                ' ' => spec.space = true,
                '#' => spec.alternate = true,
                _ => break,
            }
            i += 1;
        }
        let width = number(&chars, &mut i, &mut arguments, "width")?.unwrap_or(0);
        // A negative '*' width left-justifies.
        if width < 0 {
            spec.left = true;
        }
        spec.width = usize::try_from(width.unsigned_abs()).unwrap_or(usize::MAX);
        if chars.get(i) == Some(&'.') {
            i += 1;
            let precision = number(&chars, &mut i, &mut arguments, "precision")?.unwrap_or(0);
            spec.precision = Some(usize::try_from(precision).unwrap_or(0));
        }
        while matches!(chars.get(i), Some('h' | 'l' | 'L')) {
            i += 1;
        }
        let Some(&kind) = chars.get(i) else {
            return Err(Raise::new("ValueError", "incomplete format"));
        };
        let position = i;
        i += 1;
        if kind == '%' {
            out.push('%');
            continue;
        }
        let value = match key_value {
            Some(value) => value,
            // After a %(key) conversion the mapping is no longer a positional argument.
            None if used_key => {
                return Err(Raise::new(
                    "TypeError",
                    "not enough arguments for format string",
                ))
            }
            None => arguments.next_value()?,
        };
        if !heap_room(heap, spec.width.max(spec.precision.unwrap_or(0))) {
            return Err(memory_error());
        }
        out.push_str(&convert(heap, value, kind, &spec, position)?);
    }
    if !used_key && arguments.mapping.is_none() && arguments.next < arguments.items.len() {
        return Err(Raise::new(
            "TypeError",
            "not all arguments converted during string formatting",
        ));
    }
    Ok(out)
}

fn heap_room(heap: &Heap, width: usize) -> bool {
    heap.can_allocate(width)
}

/// A width or precision: digits, or `*` taking the next argument.
fn number(
    chars: &[char],
    i: &mut usize,
    arguments: &mut Arguments,
    what: &str,
) -> Result<Option<i64>, Raise> {
    if chars.get(*i) == Some(&'*') {
        *i += 1;
        let value = arguments.next_value()?;
        return match arguments.heap.get(value) {
            Some(Object::Int(n)) => match n.to_i32() {
                Some(n) => Ok(Some(i64::from(n))),
                None => Err(Raise::new(
                    "OverflowError",
                    "Python int too large to convert to C int",
                )),
            },
            _ => Err(Raise::new("TypeError", "* wants int")),
        };
    }
    let start = *i;
    while chars.get(*i).is_some_and(char::is_ascii_digit) {
        *i += 1;
    }
    if *i == start {
        return Ok(None);
    }
    let digits: String = chars[start..*i].iter().collect();
    digits
        .parse()
        .map(Some)
        .map_err(|_| Raise::new("ValueError", format!("{what} too big")))
}

/// Pads `body` (after its sign and prefix) to the width.
fn pad(sign_and_prefix: &str, body: &str, spec: &Spec, zero_allowed: bool) -> String {
    let length = sign_and_prefix.chars().count() + body.chars().count();
    let fill = spec.width.saturating_sub(length);
    if spec.left {
        format!("{sign_and_prefix}{body}{}", " ".repeat(fill))
    } else if spec.zero && zero_allowed {
        format!("{sign_and_prefix}{}{body}", "0".repeat(fill))
    } else {
        format!("{}{sign_and_prefix}{body}", " ".repeat(fill))
    }
}

fn kind_name(heap: &Heap, value: ObjId) -> &'static str {
    heap.get(value).map_or("object", Object::type_name)
}

/// One conversion of `value` by `kind`.
fn convert(
    heap: &Heap,
    value: ObjId,
    kind: char,
    spec: &Spec,
    position: usize,
) -> Result<String, Raise> {
    match kind {
        's' | 'r' | 'a' => {
            let text = match kind {
                's' => str_of(heap, value)?,
                'r' => repr(heap, value)?,
                _ => crate::ceval::ascii(&repr(heap, value)?),
            };
            let text: String = match spec.precision {
                Some(p) => text.chars().take(p).collect(),
                None => text,
            };
            Ok(pad("", &text, spec, false))
        }
        'd' | 'i' | 'u' | 'o' | 'x' | 'X' => {
            let integer = match heap.get(value) {
                Some(Object::Int(i)) => i.clone(),
                Some(Object::Bool(b)) => BigInt::from(*b as u8),
                Some(Object::Float(x)) if matches!(kind, 'd' | 'i' | 'u') => {
                    if !x.is_finite() {
                        return Err(Raise::new(
                            if x.is_nan() {
                                "ValueError"
                            } else {
                                "OverflowError"
                            },
                            if x.is_nan() {
                                "cannot convert float NaN to integer"
                            } else {
                                "cannot convert float infinity to integer"
                            },
                        ));
                    }
                    BigInt::from(x.trunc() as i128)
                }
                _ => {
                    let message = if matches!(kind, 'd' | 'i' | 'u') {
                        format!(
                            "%{kind} format: a real number is required, not {}",
                            kind_name(heap, value)
                        )
                    } else {
                        format!(
                            "%{kind} format: an integer is required, not {}",
                            kind_name(heap, value)
                        )
                    };
                    return Err(Raise::new("TypeError", message));
                }
            };
            let (radix, prefix) = match kind {
                'o' => (8, "0o"),
                'x' => (16, "0x"),
                'X' => (16, "0X"),
                _ => (10, ""),
            };
            let mut digits = integer.abs().to_str_radix(radix);
            if kind == 'X' {
                digits = digits.to_uppercase();
            }
            if let Some(p) = spec.precision {
                if digits.len() < p {
                    digits = format!("{}{digits}", "0".repeat(p - digits.len()));
                }
            }
            let sign = if integer.is_negative() {
                "-"
            } else if spec.plus {
                "+"
            } else if spec.space {
                " "
            } else {
                ""
            };
            let prefix = if spec.alternate { prefix } else { "" };
            Ok(pad(&format!("{sign}{prefix}"), &digits, spec, true))
        }
        'e' | 'E' | 'f' | 'F' | 'g' | 'G' => {
            let x = match heap.get(value) {
                Some(Object::Float(x)) => *x,
                Some(Object::Int(i)) => i.to_f64().unwrap_or(f64::INFINITY),
                Some(Object::Bool(b)) => f64::from(u8::from(*b)),
                _ => {
                    return Err(Raise::new(
                        "TypeError",
                        format!("must be real number, not {}", kind_name(heap, value)),
                    ))
                }
            };
            let mut format_spec = String::new();
            if spec.left {
                format_spec.push('<');
            }
            if spec.plus {
                format_spec.push('+');
            } else if spec.space {
                format_spec.push(' ');
            }
            if spec.alternate {
                format_spec.push('#');
            }
            if spec.zero && !spec.left && x.is_finite() {
                format_spec.push('0');
            }
            if spec.width > 0 {
                format_spec.push_str(&spec.width.to_string());
            }
            format_spec.push_str(&format!(".{}", spec.precision.unwrap_or(6)));
            format_spec.push(kind);
            let room = heap.byte_limit().saturating_sub(heap.bytes());
            format_value(&Object::Float(x), &format_spec, || Ok(String::new()), room)
        }
        'c' => {
            let c = match heap.get(value) {
                Some(Object::Int(i)) => i
                    .to_u32()
                    .and_then(char::from_u32)
                    .ok_or_else(|| Raise::new("OverflowError", "%c arg not in range(0x110000)"))?,
                Some(Object::Str(s)) if s.chars().count() == 1 => s.chars().next().unwrap_or(' '),
                Some(Object::Str(s)) => {
                    return Err(Raise::new(
                        "TypeError",
                        format!(
                            "%c requires an int or a unicode character, not a string of length {}",
                            s.chars().count()
                        ),
                    ))
                }
                _ => {
                    return Err(Raise::new(
                        "TypeError",
                        format!(
                            "%c requires an int or a unicode character, not {}",
                            kind_name(heap, value)
                        ),
                    ))
                }
            };
            Ok(pad("", &c.to_string(), spec, false))
        }
        other => Err(Raise::new(
            "ValueError",
            format!(
                "unsupported format character '{other}' (0x{:x}) at index {position}",
                other as u32
            ),
        )),
    }
}
