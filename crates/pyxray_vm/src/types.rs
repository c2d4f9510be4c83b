//! The built-in types as classes: `int`, `str`, `list`, … are type objects in `builtins`, so
//! `type(x)`, `isinstance(x, int)` and calling a type to convert a value work as in CPython.
//!
//! CPython: `Objects/typeobject.c` (`type_call`, `type(x)`), `Objects/longobject.c`
//! (`long_new_impl`, `PyLong_FromUnicodeObject`), `Objects/floatobject.c` (`float_new_impl`,
//! `PyFloat_FromString`), `Objects/boolobject.c`, `Objects/listobject.c` (`list___init__`),
//! `Objects/tupleobject.c`, `Objects/dictobject.c` (`dict_update_arg`),
//! `Python/bltinmodule.c` (`builtin_isinstance`, `builtin_issubclass`).

use num_bigint::BigInt;
use num_traits::{Num, ToPrimitive, Zero};

use crate::builtins::Keywords;
use crate::heap::ObjId;
use crate::objects::{is_true, str_of, Object, Raise, INT_MAX_STR_DIGITS};
use crate::vm::{Fault, Vm};

/// The built-in types made classes here, each with its base.
const NATIVE_TYPES: &[(&str, &str)] = &[
    ("type", "object"),
    ("int", "object"),
    ("bool", "int"),
    ("float", "object"),
    ("complex", "object"),
    ("str", "object"),
    ("bytes", "object"),
    ("list", "object"),
    ("tuple", "object"),
    ("dict", "object"),
    ("property", "object"),
    ("slice", "object"),
    ("staticmethod", "object"),
    ("classmethod", "object"),
    ("set", "object"),
    ("frozenset", "object"),
];

/// Built-in types that are not names in `builtins` (`type(None)`, `type(f)`).
const UNNAMED_TYPES: &[(&str, &str)] = &[
    ("NoneType", "object"),
    ("NotImplementedType", "object"),
    ("ellipsis", "object"),
    ("function", "object"),
    ("builtin_function_or_method", "object"),
    ("method", "object"),
    ("method_descriptor", "object"),
    ("generator", "object"),
    ("coroutine", "object"),
    ("range", "object"),
    ("map", "object"),
    ("filter", "object"),
    ("zip", "object"),
    ("enumerate", "object"),
    ("module", "object"),
    ("cell", "object"),
    ("code", "object"),
    ("mappingproxy", "object"),
    ("traceback", "object"),
    ("set_iterator", "object"),
    ("dict_keys", "object"),
    ("dict_values", "object"),
    ("dict_items", "object"),
    ("dict_keyiterator", "object"),
    ("dict_valueiterator", "object"),
    ("dict_itemiterator", "object"),
];

impl Vm {
    /// Creates `type`, `int`, `str`, … as classes and puts them in `builtins`; the types
    /// without a builtin name are only reachable through `type(x)`.
    pub(crate) fn create_native_types(&mut self) {
        let named = NATIVE_TYPES.iter().map(|&(n, b)| (n, b, true));
        let unnamed = UNNAMED_TYPES.iter().map(|&(n, b)| (n, b, false));
        for (name, base, in_builtins) in named.chain(unnamed).collect::<Vec<_>>() {
            let class = self.new_builtin_class(name, base, None, Some(name));
            if let (Some(class), true) = (class, in_builtins) {
                let builtins = self.builtins;
                self.dict_set_str(builtins, name, class);
            }
        }
    }

    /// `type(x)`: the class of any object (`None` for objects whose type is not a class here).
    pub(crate) fn type_of(&self, id: ObjId) -> Option<ObjId> {
        let name = match self.heap.get(id)? {
            Object::Instance { class, .. } => return Some(*class),
            Object::Exception(e) => return Some(e.class),
            Object::Bool(_) => "bool",
            Object::Int(_) => "int",
            Object::Float(_) => "float",
            Object::Complex { .. } => "complex",
            Object::Str(_) => "str",
            Object::Bytes(_) => "bytes",
            Object::List(_) => "list",
            Object::Tuple(_) => "tuple",
            Object::Dict(_) => "dict",
            Object::Set(_) => "set",
            Object::FrozenSet(_) => "frozenset",
            Object::Type(_) => "type",
            other => other.type_name(),
        };
        self.builtin_type(name)
    }

    /// Calls a built-in type: `int('12')`, `list(range(3))`, `type(x)`.
    pub(crate) fn call_native_type(
        &mut self,
        name: &str,
        args: &[ObjId],
        keywords: Keywords,
    ) -> Result<ObjId, Fault> {
        if name == "Random" {
            return crate::modules::random::new_random(self, args, keywords);
        }
        if !keywords.is_empty() && !matches!(name, "dict" | "int" | "property") {
            return Err(
                Raise::new("TypeError", format!("{name}() takes no keyword arguments")).into(),
            );
        }
        let at_most = |n: usize| -> Result<(), Fault> {
            if args.len() > n {
                let message = if n == 1 {
                    format!("{name} expected at most 1 argument, got {}", args.len())
                } else {
                    format!(
                        "{name}() takes at most {n} arguments ({} given)",
                        args.len()
                    )
                };
                return Err(Raise::new("TypeError", message).into());
            }
            Ok(())
        };
        match name {
            "type" => match args {
                [value] => {
                    let class = self.type_of(*value).ok_or_else(|| {
                        Fault::Internal("type() of an object with no class yet".to_string())
                    })?;
                    self.heap.incref(class);
                    Ok(class)
                }
                _ => Err(Raise::new("TypeError", "type() takes 1 or 3 arguments").into()),
            },
            "property" => self.property_new(args, keywords),
            "slice" => {
                let none = self.none;
                let (start, stop, step) = match *args {
                    [stop] => (none, stop, none),
                    [start, stop] => (start, stop, none),
                    [start, stop, step] => (start, stop, step),
                    _ => {
                        let message = if args.is_empty() {
                            "slice expected at least 1 argument, got 0".to_string()
                        } else {
                            format!("slice expected at most 3 arguments, got {}", args.len())
                        };
                        return Err(Raise::new("TypeError", message).into());
                    }
                };
                for bound in [start, stop, step] {
                    self.heap.incref(bound);
                }
                self.new_result(Object::Slice { start, stop, step })
            }
            "staticmethod" | "classmethod" => self.wrapper_new(name, args, keywords),
            "int" => self.int_new(args, keywords),
            "float" => {
                at_most(1)?;
                let value = match args.first() {
                    None => 0.0,
                    Some(&arg) => self.float_of(arg)?,
                };
                self.new_result(Object::Float(value))
            }
            "bool" => {
                at_most(1)?;
                let truth = args.first().is_some_and(|&arg| is_true(&self.heap, arg));
                Ok(self.new_bool(truth))
            }
            "str" => {
                at_most(1)?;
                match args.first() {
                    None => Ok(self.intern("")),
                    Some(&arg) => {
                        self.refuse_python_text(arg, false)?;
                        let text = str_of(&self.heap, arg)?;
                        self.new_result(Object::Str(text))
                    }
                }
            }
            "list" | "tuple" => {
                at_most(1)?;
                let items = match args.first() {
                    None => Vec::new(),
                    Some(&arg) => self.unpack_all(arg)?,
                };
                self.new_result(if name == "list" {
                    Object::List(items)
                } else {
                    Object::Tuple(items)
                })
            }
            "set" | "frozenset" => self.set_new(name, args),
            "complex" => self.complex_new(args),
            "dict" => {
                at_most(1)?;
                let dict = self.new_result(Object::Dict(Vec::new()))?;
                if let Some(&source) = args.first() {
                    if let Err(fault) = self.dict_fill(dict, source) {
                        self.heap.decref(dict);
                        return Err(fault);
                    }
                }
                for (key, value) in keywords {
                    self.dict_set_str(dict, key, *value);
                }
                Ok(dict)
            }
            other => Err(Raise::new(
                "TypeError",
                format!("calling {other}() is not supported yet"),
            )
            .into()),
        }
    }

    /// `dict(mapping)` or `dict(iterable of pairs)`.
    fn dict_fill(&mut self, dict: ObjId, source: ObjId) -> Result<(), Fault> {
        if let Some(Object::Dict(pairs)) = self.heap.get(source) {
            for (key, value) in pairs.clone() {
                self.dict_set(dict, key, value)?;
            }
            return Ok(());
        }
        let items = self.unpack_all(source)?;
        let mut result = Ok(());
        for (index, &item) in items.iter().enumerate() {
            let pair = match self.heap.get(item) {
                Some(Object::Tuple(p) | Object::List(p)) => p.clone(),
                _ => Vec::new(),
            };
            if let [key, value] = pair[..] {
                if let Err(fault) = self.dict_set(dict, key, value) {
                    result = Err(fault);
                    break;
                }
            } else {
                let message = if pair.is_empty()
                    && !matches!(
                        self.heap.get(item),
                        Some(Object::Tuple(_) | Object::List(_))
                    ) {
                    format!(
                        "cannot convert dictionary update sequence element #{index} to a sequence"
                    )
                } else {
                    format!(
                        "dictionary update sequence element #{index} has length {}; 2 is required",
                        pair.len()
                    )
                };
                result = Err(Raise::new(
                    if pair.is_empty() {
                        "TypeError"
                    } else {
                        "ValueError"
                    },
                    message,
                )
                .into());
                break;
            }
        }
        self.release(&items);
        result
    }

    /// `int(x)` / `int(text, base)`.
    fn int_new(&mut self, args: &[ObjId], keywords: Keywords) -> Result<ObjId, Fault> {
        let base_keyword = keywords.iter().find(|(k, _)| k == "base").map(|(_, v)| *v);
        if let Some((unknown, _)) = keywords.iter().find(|(k, _)| k != "base") {
            return Err(Raise::new(
                "TypeError",
                format!("int() got an unexpected keyword argument '{unknown}'"),
            )
            .into());
        }
        let base = match (args.get(1).copied().or(base_keyword), args.len()) {
            (_, n) if n > 2 => {
                return Err(Raise::new(
                    "TypeError",
                    format!("int() takes at most 2 arguments ({n} given)"),
                )
                .into())
            }
            (Some(base), _) => match self.heap.get(base) {
                Some(Object::Int(b)) => Some(
                    b.to_u32()
                        .filter(|&b| b == 0 || (2..=36).contains(&b))
                        .ok_or_else(|| {
                            Raise::new("ValueError", "int() base must be >= 2 and <= 36, or 0")
                        })?,
                ),
                _ => {
                    return Err(Raise::new(
                        "TypeError",
                        "'str' object cannot be interpreted as an integer",
                    )
                    .into())
                }
            },
            (None, _) => None,
        };
        let Some(&value) = args.first() else {
            return Ok(self.new_int(BigInt::zero()));
        };
        let result = match (self.heap.get(value), base) {
            (Some(Object::Str(text)), base) => parse_int(text, base.unwrap_or(10))?,
            (Some(Object::Bytes(bytes)), base) => {
                parse_int(&String::from_utf8_lossy(bytes), base.unwrap_or(10))?
            }
            (_, Some(_)) => {
                return Err(Raise::new(
                    "TypeError",
                    "int() can't convert non-string with explicit base",
                )
                .into())
            }
            (Some(Object::Int(i)), None) => i.clone(),
            (Some(Object::Bool(b)), None) => BigInt::from(*b as u8),
            (Some(Object::Float(x)), None) => float_to_int(*x)?,
            (_, None) => {
                let kind = self.type_name_of(value);
                return Err(Raise::new(
                    "TypeError",
                    format!(
                        "int() argument must be a string, a bytes-like object or a real number, not '{kind}'"
                    ),
                )
                .into());
            }
        };
        if !self.heap.can_make_int(result.bits()) {
            return Err(crate::objects::memory_error().into());
        }
        Ok(self.new_int(result))
    }

    /// `complex(real=0, imag=0)` from numbers (`complex_new_impl`); a string argument is not
    /// parsed yet.
    fn complex_new(&mut self, args: &[ObjId]) -> Result<ObjId, Fault> {
        if args.len() > 2 {
            return Err(Raise::new(
                "TypeError",
                format!("complex() takes at most 2 arguments ({} given)", args.len()),
            )
            .into());
        }
        // Each argument as (real, imag). A complex among two arguments is deprecated in 3.14
        // (CPython warns); pyxray prints no warnings yet, so it refuses that case.
        let mut parts = Vec::with_capacity(2);
        for (position, &arg) in args.iter().enumerate() {
            let name = if position == 0 { "real" } else { "imag" };
            parts.push(match self.heap.get(arg) {
                Some(Object::Complex { real, imag }) if args.len() == 1 => (*real, *imag),
                Some(Object::Complex { .. }) => {
                    return Err(Raise::new(
                        "NotImplementedError",
                        format!("not supported yet: complex() with a complex '{name}' argument"),
                    )
                    .into())
                }
                Some(Object::Int(_) | Object::Bool(_) | Object::Float(_)) => {
                    (self.float_of(arg)?, 0.0)
                }
                Some(Object::Str(_)) if args.len() == 1 => {
                    return Err(Raise::new(
                        "NotImplementedError",
                        "not supported yet: complex() of a string",
                    )
                    .into())
                }
                _ => {
                    let kind = self.type_name_of(arg);
                    let message = if args.len() == 1 {
                        format!("complex() argument must be a string or a number, not {kind}")
                    } else {
                        format!("complex() argument '{name}' must be a real number, not {kind}")
                    };
                    return Err(Raise::new("TypeError", message).into());
                }
            });
        }
        let (real, imag) = match parts[..] {
            [] => (0.0, 0.0),
            [(r, i)] => (r, i),
            [(r, i), (ir, ii)] => (r - ii, i + ir),
            _ => (0.0, 0.0),
        };
        self.new_result(Object::Complex { real, imag })
    }

    /// `float(x)` for numbers and strings.
    fn float_of(&self, value: ObjId) -> Result<f64, Fault> {
        Ok(match self.heap.get(value) {
            Some(Object::Float(x)) => *x,
            Some(Object::Int(i)) => pyxray_bytecode::arith::int_to_float(i).map_err(Raise::from)?,
            Some(Object::Bool(b)) => f64::from(u8::from(*b)),
            Some(Object::Str(text)) => parse_float(text).ok_or_else(|| {
                Raise::new(
                    "ValueError",
                    format!(
                        "could not convert string to float: {}",
                        pyxray_text::repr::str_repr(text)
                    ),
                )
            })?,
            _ => {
                let kind = self.type_name_of(value);
                return Err(Raise::new(
                    "TypeError",
                    format!("float() argument must be a string or a real number, not '{kind}'"),
                )
                .into());
            }
        })
    }

    /// `isinstance(obj, cls)` / `issubclass(cls, base)`, with a tuple of classes allowed.
    pub(crate) fn isinstance(
        &mut self,
        args: &[ObjId],
        subclass_check: bool,
    ) -> Result<ObjId, Fault> {
        let function = if subclass_check {
            "issubclass"
        } else {
            "isinstance"
        };
        let [value, classes] = args else {
            return Err(Raise::new(
                "TypeError",
                format!("{function} expected 2 arguments, got {}", args.len()),
            )
            .into());
        };
        let class = if subclass_check {
            if !matches!(self.heap.get(*value), Some(Object::Type(_))) {
                return Err(Raise::new("TypeError", "issubclass() arg 1 must be a class").into());
            }
            Some(*value)
        } else {
            self.type_of(*value)
        };
        let candidates = match self.heap.get(*classes) {
            Some(Object::Tuple(items)) => items.clone(),
            _ => vec![*classes],
        };
        for &candidate in &candidates {
            if !matches!(self.heap.get(candidate), Some(Object::Type(_))) {
                return Err(Raise::new(
                    "TypeError",
                    format!("{function}() arg 2 must be a type, a tuple of types, or a union"),
                )
                .into());
            }
        }
        let matched = class.is_some_and(|c| candidates.iter().any(|&k| self.is_subclass(c, k)));
        Ok(self.new_bool(matched))
    }
}

/// `int(float)`: truncation toward zero, refusing NaN and infinities.
fn float_to_int(x: f64) -> Result<BigInt, Raise> {
    if x.is_nan() {
        return Err(Raise::new(
            "ValueError",
            "cannot convert float NaN to integer",
        ));
    }
    if x.is_infinite() {
        return Err(Raise::new(
            "OverflowError",
            "cannot convert float infinity to integer",
        ));
    }
    Ok(pyxray_bytecode::arith::float_to_exact_int(x.trunc()))
}

/// `int(text, base)` (`PyLong_FromString`): surrounding whitespace, a sign, single underscores
/// between digits, a `0x`/`0o`/`0b` prefix where the base allows it; CPython's digit limit.
fn parse_int(text: &str, base: u32) -> Result<BigInt, Raise> {
    let invalid = || {
        Raise::new(
            "ValueError",
            format!(
                "invalid literal for int() with base {base}: {}",
                pyxray_text::repr::str_repr(text)
            ),
        )
    };
    let trimmed = text.trim();
    let (negative, rest) = match trimmed.as_bytes().first() {
        Some(b'-') => (true, &trimmed[1..]),
        Some(b'+') => (false, &trimmed[1..]),
        _ => (false, trimmed),
    };
    let lower = rest.to_ascii_lowercase();
    let prefix_base = match lower.get(..2) {
        Some("0x") => Some(16),
        Some("0o") => Some(8),
        Some("0b") => Some(2),
        _ => None,
    };
    let (base, digits) = match (base, prefix_base) {
        // A prefix matching the base (or base 0) is skipped, with one underscore after it.
        (0, Some(prefixed)) => (prefixed, rest[2..].strip_prefix('_').unwrap_or(&rest[2..])),
        (base, Some(prefixed)) if base == prefixed => {
            (base, rest[2..].strip_prefix('_').unwrap_or(&rest[2..]))
        }
        (0, None) => {
            // Base 0 reads a literal as Python source does: no leading zeros but for zero.
            if rest.len() > 1
                && rest.starts_with('0')
                && !rest.chars().all(|c| c == '0' || c == '_')
            {
                return Err(invalid());
            }
            (10, rest)
        }
        (base, _) => (base, rest),
    };
    if digits.is_empty()
        || digits.starts_with('_')
        || digits.ends_with('_')
        || digits.contains("__")
        || !digits
            .chars()
            .all(|c| c == '_' || c.is_ascii_alphanumeric())
    {
        return Err(invalid());
    }
    let clean: String = digits.chars().filter(|&c| c != '_').collect();
    if base == 10 && clean.len() > INT_MAX_STR_DIGITS {
        return Err(Raise::new(
            "ValueError",
            format!(
                "Exceeds the limit ({INT_MAX_STR_DIGITS} digits) for integer string conversion: \
                 value has {} digits; use sys.set_int_max_str_digits() to increase the limit",
                clean.len()
            ),
        ));
    }
    let magnitude = BigInt::from_str_radix(&clean, base).map_err(|_| invalid())?;
    Ok(if negative { -magnitude } else { magnitude })
}

/// `float(text)` (`PyFloat_FromString`): decimal literals with underscores, `inf`, `nan`.
fn parse_float(text: &str) -> Option<f64> {
    let trimmed = text.trim();
    let (sign, rest) = match trimmed.as_bytes().first() {
        Some(b'-') => (-1.0, &trimmed[1..]),
        Some(b'+') => (1.0, &trimmed[1..]),
        _ => (1.0, trimmed),
    };
    let lower = rest.to_ascii_lowercase();
    match lower.as_str() {
        "inf" | "infinity" => return Some(sign * f64::INFINITY),
        "nan" => return Some(f64::NAN.copysign(sign)),
        _ => {}
    }
    if rest.is_empty()
        || rest.starts_with('_')
        || rest.ends_with('_')
        || rest.contains("__")
        || !rest
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '.' | 'e' | 'E' | '+' | '-' | '_'))
    {
        return None;
    }
    let clean: String = rest.chars().filter(|&c| c != '_').collect();
    clean.parse::<f64>().ok().map(|x| sign * x)
}
