//! `repr()` and `str()` of objects, and the bounded preview the UI shows.
//!
//! CPython: each type's `tp_repr`/`tp_str` (`long_to_decimal_string`, `float_repr`,
//! `unicode_repr`, `tuple_repr`, `list_repr`, `dict_repr`, `BaseException_str`), and
//! `Objects/longobject.c`'s int/str digit limit (`sys.set_int_max_str_digits`, PEP 651 era).
//! Nested containers are walked with an explicit work stack, not Rust recursion, so a list
//! nested 100,000 deep prints as CPython 3.14 prints it instead of overflowing the stack.

use num_bigint::BigInt;
use pyxray_text::repr::{bytes_repr, complex_repr, float_repr, str_repr};

use super::{DictViewKind, Object, Raise};
use crate::heap::{Heap, ObjId};

/// `sys.get_int_max_str_digits()`: ints with more decimal digits refuse to become text.
pub const INT_MAX_STR_DIGITS: usize = 4300;

/// Bits above which an int certainly has more than `INT_MAX_STR_DIGITS` digits
/// (10**4300 < 2**14285); below it the digits are counted exactly.
const INT_MAX_STR_BITS: u64 = 14_285;

/// The ValueError for an int too long to convert to decimal text.
pub fn int_digits_error() -> Raise {
    Raise::new(
        "ValueError",
        format!(
            "Exceeds the limit ({INT_MAX_STR_DIGITS} digits) for integer string conversion; \
             use sys.set_int_max_str_digits() to increase the limit"
        ),
    )
}

/// `str(i)` for an int, with CPython's digit limit.
pub fn int_to_decimal(i: &BigInt) -> Result<String, Raise> {
    if i.bits() > INT_MAX_STR_BITS {
        return Err(int_digits_error());
    }
    let text = i.to_string();
    let digits = text.len() - usize::from(text.starts_with('-'));
    if digits > INT_MAX_STR_DIGITS {
        return Err(int_digits_error());
    }
    Ok(text)
}

/// `repr(obj)`.
pub fn repr(heap: &Heap, id: ObjId) -> Result<String, Raise> {
    let mut writer = ReprWriter::new(usize::MAX);
    writer.write(heap, id)?;
    Ok(writer.out)
}

/// `repr(obj)` where instances met inside it may be written by `user` (the text their own
/// `__repr__` returned): `None` from it writes CPython's default repr.
pub fn repr_with(
    heap: &Heap,
    id: ObjId,
    user: &mut dyn FnMut(ObjId) -> Option<String>,
) -> Result<String, Raise> {
    let mut writer = ReprWriter::new(usize::MAX);
    writer.user = Some(user);
    writer.write(heap, id)?;
    Ok(writer.out)
}

/// `str(obj)`: like `repr` except for strings (their text) and exceptions (their message).
pub fn str_of(heap: &Heap, id: ObjId) -> Result<String, Raise> {
    match heap.get(id) {
        Some(Object::Str(s)) => Ok(s.clone()),
        Some(Object::Exception(e)) => match (&e.display, e.args.as_slice()) {
            (None, _) if crate::exception_attrs::special_str(heap, e).is_some() => {
                crate::exception_attrs::special_str(heap, e).unwrap_or(Ok(String::new()))
            }
            (Some(display), _) => Ok(display.clone()),
            (None, []) => Ok(String::new()),
            // `KeyError_str`: a KeyError with one argument shows its repr.
            (None, [single]) if is_key_error(heap, e.class) => repr(heap, *single),
            (None, [single]) => str_of(heap, *single),
            (None, args) => {
                let mut writer = ReprWriter::new(usize::MAX);
                writer.write_items(heap, "(", ")", args)?;
                Ok(writer.out)
            }
        },
        _ => repr(heap, id),
    }
}

/// A preview of `repr(obj)` for the UI, at most about `max_chars` characters (cut with `…`).
/// It never fails and its work is bounded by `max_chars`, whatever the object's size: an int
/// past the digit limit shows as `<int with about N digits>`.
pub fn repr_preview(heap: &Heap, id: ObjId, max_chars: usize) -> String {
    let mut writer = ReprWriter::new(max_chars);
    if writer.write(heap, id).is_err() {
        writer.out.push('…');
    }
    if writer.cut {
        let mut cut: String = writer
            .out
            .chars()
            .take(max_chars.saturating_sub(1))
            .collect();
        cut.push('…');
        return cut;
    }
    writer.out
}

/// One piece of pending output: text, an object still to write, or the end of a container
/// being written (`Py_ReprLeave`).
enum Piece {
    Text(&'static str),
    Object(ObjId),
    Leave(ObjId),
}

/// Writes reprs through an explicit stack; stops once `out` exceeds `limit` bytes.
struct ReprWriter<'u> {
    out: String,
    limit: usize,
    cut: bool,
    /// The containers being written (`Py_ReprEnter`): one met again inside itself is written
    /// as `[...]`, `{...}`, `(...)` or `...`, as CPython does.
    active: std::collections::HashSet<ObjId>,
    /// The text of instances written by their own `__repr__` (`repr_with`).
    user: Option<&'u mut dyn FnMut(ObjId) -> Option<String>>,
}

impl ReprWriter<'_> {
    fn new(limit: usize) -> Self {
        ReprWriter {
            out: String::new(),
            limit,
            cut: false,
            active: std::collections::HashSet::new(),
            user: None,
        }
    }

    fn previewing(&self) -> bool {
        self.limit != usize::MAX
    }

    fn write(&mut self, heap: &Heap, root: ObjId) -> Result<(), Raise> {
        let mut pending = vec![Piece::Object(root)];
        while let Some(piece) = pending.pop() {
            if self.out.len() > self.limit {
                self.cut = true;
                return Ok(());
            }
            let id = match piece {
                Piece::Text(text) => {
                    self.out.push_str(text);
                    continue;
                }
                Piece::Leave(id) => {
                    self.active.remove(&id);
                    continue;
                }
                Piece::Object(id) => id,
            };
            let Some(object) = heap.get(id) else {
                self.out.push_str("<freed object>");
                continue;
            };
            let recursion = match object {
                Object::List(_) => Some("[...]"),
                Object::Dict(_) => Some("{...}"),
                Object::Tuple(_) => Some("(...)"),
                Object::DictView { .. } => Some("..."),
                _ => None,
            };
            if let Some(text) = recursion {
                if !self.active.insert(id) {
                    self.out.push_str(text);
                    continue;
                }
                pending.push(Piece::Leave(id));
            }
            if let (Object::Instance { .. }, Some(user)) = (object, self.user.as_mut()) {
                if let Some(text) = user(id) {
                    self.out.push_str(&text);
                    continue;
                }
            }
            match object {
                Object::Tuple(items) => {
                    let close = if items.len() == 1 { ",)" } else { ")" };
                    self.open("(", close, items, &mut pending);
                }
                Object::List(items) => self.open("[", "]", items, &mut pending),
                Object::Set(table) | Object::FrozenSet(table) => {
                    // `set_repr_lock_held`: `set()`, `{1, 2}`, `frozenset({1, 2})`.
                    let name = object.type_name();
                    if table.is_empty() {
                        self.out.push_str(name);
                        self.out.push_str("()");
                    } else {
                        let items: Vec<ObjId> = table.keys().copied().collect();
                        if name == "set" {
                            self.open("{", "}", &items, &mut pending);
                        } else {
                            self.out.push_str(name);
                            self.open("({", "})", &items, &mut pending);
                        }
                    }
                }
                Object::Dict(pairs) => {
                    self.out.push('{');
                    pending.push(Piece::Text("}"));
                    for (index, &(key, value)) in pairs.iter().enumerate().rev() {
                        pending.push(Piece::Object(value));
                        pending.push(Piece::Text(": "));
                        pending.push(Piece::Object(key));
                        if index > 0 {
                            pending.push(Piece::Text(", "));
                        }
                    }
                }
                Object::Slice { start, stop, step } => {
                    self.out.push_str("slice");
                    self.open("(", ")", &[*start, *stop, *step], &mut pending);
                }
                Object::DictView { kind, dict } => {
                    self.out.push_str(kind.view_name());
                    self.out.push_str("([");
                    pending.push(Piece::Text("])"));
                    let pairs = match heap.get(*dict) {
                        Some(Object::Dict(pairs)) => pairs.as_slice(),
                        _ => &[],
                    };
                    for (index, &(key, value)) in pairs.iter().enumerate().rev() {
                        match kind {
                            DictViewKind::Keys => pending.push(Piece::Object(key)),
                            DictViewKind::Values => pending.push(Piece::Object(value)),
                            DictViewKind::Items => {
                                pending.push(Piece::Text(")"));
                                pending.push(Piece::Object(value));
                                pending.push(Piece::Text(", "));
                                pending.push(Piece::Object(key));
                                pending.push(Piece::Text("("));
                            }
                        }
                        if index > 0 {
                            pending.push(Piece::Text(", "));
                        }
                    }
                }
                Object::MappingProxy(dict) => {
                    self.out.push_str("mappingproxy(");
                    pending.push(Piece::Text(")"));
                    pending.push(Piece::Object(*dict));
                }
                Object::Exception(e) => {
                    self.out.push_str(&class_name(heap, e.class));
                    self.open("(", ")", &e.args, &mut pending);
                }
                Object::Int(i) if self.previewing() && i.bits() > INT_MAX_STR_BITS => {
                    let digits = (i.bits() as f64 * std::f64::consts::LOG10_2) as u64 + 1;
                    self.out
                        .push_str(&format!("<int with about {digits} digits>"));
                }
                Object::Str(s) if self.previewing() && s.len() > self.limit => {
                    let head: String = s.chars().take(self.limit).collect();
                    self.out.push_str(&str_repr(&head));
                    self.cut = true;
                    return Ok(());
                }
                other => self.out.push_str(&scalar_repr(heap, other)?),
            }
        }
        Ok(())
    }

    /// Writes a parenthesised list of items (`str` of an exception with several arguments).
    fn write_items(
        &mut self,
        heap: &Heap,
        open: &'static str,
        close: &'static str,
        items: &[ObjId],
    ) -> Result<(), Raise> {
        let mut pending = Vec::new();
        self.open(open, close, items, &mut pending);
        while let Some(piece) = pending.pop() {
            match piece {
                Piece::Text(text) => self.out.push_str(text),
                Piece::Object(id) => self.write(heap, id)?,
                // `open` schedules no container of its own to leave.
                Piece::Leave(_) => {}
            }
        }
        Ok(())
    }

    /// Writes `open` now and schedules the items, separated by ", ", then `close`.
    fn open(
        &mut self,
        open: &'static str,
        close: &'static str,
        items: &[ObjId],
        pending: &mut Vec<Piece>,
    ) {
        self.out.push_str(open);
        pending.push(Piece::Text(close));
        for (index, &item) in items.iter().enumerate().rev() {
            pending.push(Piece::Object(item));
            if index > 0 {
                pending.push(Piece::Text(", "));
            }
        }
    }
}

/// Whether `class` is KeyError or derives from it.
fn is_key_error(heap: &Heap, class: ObjId) -> bool {
    match heap.get(class) {
        Some(Object::Type(t)) => t.mro.iter().any(|&k| {
            matches!(heap.get(k), Some(Object::Type(k)) if k.builtin_exception == Some("KeyError"))
        }),
        _ => false,
    }
}

/// A class's `__name__`.
fn class_name(heap: &Heap, class: ObjId) -> String {
    match heap.get(class) {
        Some(Object::Type(t)) => t.name.clone(),
        _ => "object".to_string(),
    }
}

/// The repr of an object that holds no other objects in its text.
fn scalar_repr(heap: &Heap, object: &Object) -> Result<String, Raise> {
    Ok(match object {
        Object::None => "None".to_string(),
        Object::Bool(true) => "True".to_string(),
        Object::Bool(false) => "False".to_string(),
        Object::Ellipsis => "Ellipsis".to_string(),
        Object::NotImplemented => "NotImplemented".to_string(),
        Object::Int(i) => int_to_decimal(i)?,
        Object::Float(x) => float_repr(*x),
        Object::Complex { real, imag } => complex_repr(*real, *imag),
        Object::Str(s) => str_repr(s),
        Object::Bytes(b) => bytes_repr(b),
        Object::Code { code, .. } => code.repr(),
        Object::BuiltinFunction(builtin) => format!("<built-in function {}>", builtin.name()),
        Object::Range { start, stop, step } => {
            if *step == BigInt::from(1) {
                format!("range({start}, {stop})")
            } else {
                format!("range({start}, {stop}, {step})")
            }
        }
        Object::SeqIterator { sequence, .. } => {
            let kind = match heap.get(*sequence) {
                Some(Object::List(_)) => "list_iterator",
                Some(Object::Tuple(_)) => "tuple_iterator",
                Some(Object::Bytes(_)) => "bytes_iterator",
                Some(Object::Dict(_)) => "dict_keyiterator",
                _ => "str_ascii_iterator",
            };
            format!("<{kind} object at 0x0>")
        }
        Object::RangeIterator { .. } => "<range_iterator object at 0x0>".to_string(),
        Object::Module { name, .. } => format!("<module '{name}' (built-in)>"),
        Object::Type(t)
            if t.builtin_exception.is_some() || t.native.is_some() || t.name == "object" =>
        {
            format!("<class '{}'>", t.name)
        }
        Object::Type(t) => format!("<class '__main__.{}'>", t.qualname),
        Object::Instance { class, .. } => match heap.get(*class) {
            // `object()` itself.
            Some(Object::Type(t)) if t.name == "object" && t.mro.len() == 1 => {
                "<object object at 0x0>".to_string()
            }
            _ => format!("<__main__.{} object at 0x0>", class_name(heap, *class)),
        },
        Object::Generator(generator) => format!(
            "<{} object {} at 0x0>",
            generator.kind.type_name(),
            generator.qualname
        ),
        Object::Method { function, .. } => match heap.get(*function) {
            Some(Object::Function(f)) => format!("<bound method {} of object at 0x0>", f.qualname),
            _ => "<bound method>".to_string(),
        },
        Object::Function(function) => format!("<function {} at 0x0>", function.qualname),
        Object::Cell(Some(content)) => {
            let kind = heap.get(*content).map_or("object", Object::type_name);
            format!("<cell at 0x0: {kind} object at 0x0>")
        }
        Object::Cell(None) => "<cell at 0x0: empty>".to_string(),
        Object::BuiltinMethod {
            name,
            bound: Some(receiver),
            ..
        } if matches!(heap.get(*receiver), Some(Object::Module { .. })) => {
            format!("<built-in function {name}>")
        }
        Object::BuiltinMethod {
            type_name,
            name,
            bound: Some(receiver),
        } => {
            let _ = type_name;
            let kind = heap.get(*receiver).map_or("object", Object::type_name);
            format!("<built-in method {name} of {kind} object at 0x0>")
        }
        Object::BuiltinMethod {
            type_name, name, ..
        } => format!("<method '{name}' of '{type_name}' objects>"),
        Object::ReverseIterator { sequence, .. } => {
            let kind = match heap.get(*sequence) {
                Some(Object::List(_)) => "list_reverseiterator",
                _ => "reversed",
            };
            format!("<{kind} object at 0x0>")
        }
        Object::DictIterator { .. }
        | Object::SetIterator { .. }
        | Object::Enumerate { .. }
        | Object::Zip { .. }
        | Object::Map { .. }
        | Object::Filter { .. }
        | Object::Traceback(_) => format!("<{} object at 0x0>", object.type_name()),
        Object::Random(_) => "<random.Random object at 0x0>".to_string(),
        Object::Property(_) => "<property object at 0x0>".to_string(),
        Object::StaticMethod(function) | Object::ClassMethod(function) => {
            let inner = match heap.get(*function) {
                Some(Object::Function(f)) => format!("<function {} at 0x0>", f.qualname),
                _ => "<object at 0x0>".to_string(),
            };
            format!("<{}({inner})>", object.type_name())
        }
        // Containers are written by `ReprWriter::write`.
        Object::Tuple(_)
        | Object::List(_)
        | Object::Dict(_)
        | Object::Set(_)
        | Object::FrozenSet(_)
        | Object::Exception(_)
        | Object::Slice { .. }
        | Object::MappingProxy(_)
        | Object::DictView { .. } => String::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deep_nesting_needs_no_rust_stack() {
        let mut heap = Heap::new();
        let mut inner = heap.alloc(Object::List(Vec::new()));
        for _ in 0..200_000 {
            inner = heap.alloc(Object::List(vec![inner]));
        }
        let text = repr(&heap, inner).unwrap_or_default();
        assert_eq!(text.len(), 2 * 200_001);
        assert!(text.starts_with("[[[") && text.ends_with("]]]"));
    }

    #[test]
    fn preview_work_is_bounded() {
        let mut heap = Heap::new();
        let big = heap.alloc(Object::Int(BigInt::from(10).pow(100_000)));
        let items = vec![big; 1_000_000];
        let list = heap.alloc(Object::List(items));
        let preview = repr_preview(&heap, list, 80);
        assert!(preview.starts_with("[<int with about 100001 digits>, "));
        assert!(preview.chars().count() <= 80 && preview.ends_with('…'));
        assert_eq!(repr(&heap, big).map_err(|e| e.type_name), Err("ValueError"));
    }
}
