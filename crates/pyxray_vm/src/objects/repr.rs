//! `repr()` and `str()` of objects.
//!
//! CPython: each type's `tp_repr`/`tp_str` (`long_to_decimal_string`, `float_repr`,
//! `unicode_repr`, `tuple_repr`, `list_repr`, `dict_repr`, `BaseException_str`).

use pyxray_text::repr::{bytes_repr, complex_repr, float_repr, str_repr};

use super::Object;
use crate::heap::{Heap, ObjId};

/// Containers nested deeper than this print as `...` instead of recursing (CPython raises
/// RecursionError in C code; pyxray stays bounded).
const MAX_REPR_DEPTH: usize = 200;

/// `repr(obj)`.
pub fn repr(heap: &Heap, id: ObjId) -> String {
    repr_at(heap, id, 0)
}

fn join_items(heap: &Heap, items: &[ObjId], depth: usize) -> Vec<String> {
    items
        .iter()
        .map(|&item| repr_at(heap, item, depth + 1))
        .collect()
}

fn repr_at(heap: &Heap, id: ObjId, depth: usize) -> String {
    if depth > MAX_REPR_DEPTH {
        return "...".to_string();
    }
    let Some(object) = heap.get(id) else {
        return "<freed object>".to_string();
    };
    match object {
        Object::None => "None".to_string(),
        Object::Bool(true) => "True".to_string(),
        Object::Bool(false) => "False".to_string(),
        Object::Ellipsis => "Ellipsis".to_string(),
        Object::Int(i) => i.to_string(),
        Object::Float(x) => float_repr(*x),
        Object::Complex { real, imag } => complex_repr(*real, *imag),
        Object::Str(s) => str_repr(s),
        Object::Bytes(b) => bytes_repr(b),
        Object::Tuple(items) => {
            let parts = join_items(heap, items, depth);
            if parts.len() == 1 {
                format!("({},)", parts[0])
            } else {
                format!("({})", parts.join(", "))
            }
        }
        Object::List(items) => format!("[{}]", join_items(heap, items, depth).join(", ")),
        Object::Dict(pairs) => {
            let parts: Vec<String> = pairs
                .iter()
                .map(|&(k, v)| {
                    format!(
                        "{}: {}",
                        repr_at(heap, k, depth + 1),
                        repr_at(heap, v, depth + 1)
                    )
                })
                .collect();
            format!("{{{}}}", parts.join(", "))
        }
        Object::Code { code, .. } => code.repr(),
        Object::BuiltinFunction(builtin) => format!("<built-in function {}>", builtin.name()),
        Object::Range { start, stop, step } => {
            if *step == num_bigint::BigInt::from(1) {
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
                _ => "str_ascii_iterator",
            };
            format!("<{kind} object at 0x0>")
        }
        Object::RangeIterator { .. } => "<range_iterator object at 0x0>".to_string(),
        Object::Module { name, .. } => format!("<module '{name}' (built-in)>"),
        Object::Exception(e) => {
            let args = join_items(heap, &e.args, depth);
            if args.len() == 1 {
                format!("{}({})", e.type_name, args[0])
            } else {
                format!("{}({})", e.type_name, args.join(", "))
            }
        }
    }
}

/// `str(obj)`: like `repr` except for strings (their text) and exceptions (their message).
pub fn str_of(heap: &Heap, id: ObjId) -> String {
    match heap.get(id) {
        Some(Object::Str(s)) => s.clone(),
        Some(Object::Exception(e)) => match e.args.as_slice() {
            [] => String::new(),
            [single] => str_of(heap, *single),
            _ => repr_at(heap, id, 0)
                .trim_start_matches(e.type_name)
                .to_string(),
        },
        _ => repr(heap, id),
    }
}
