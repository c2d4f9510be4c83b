//! `hash(obj)` for every object the heap holds (`PyObject_Hash`), dispatching on the type as
//! CPython's `tp_hash` slots do; the arithmetic is shared with the compiler in
//! `pyxray_bytecode::pyhash`.
//!
//! CPython: `Objects/object.c` (`PyObject_Hash`, `PyObject_HashNotImplemented`,
//! `_Py_HashPointer`), `Objects/typeobject.c` (a class defining `__eq__` without `__hash__`
//! gets `__hash__ = None`), `Objects/tupleobject.c`, `Objects/rangeobject.c` (`range_hash`),
//! `Objects/sliceobject.c`, `Objects/classobject.c` (`method_hash`), `Objects/setobject.c`.
//! Objects hashed by identity use `pyhash::hash_identity` (pyxray has no addresses).

use num_bigint::BigInt;
use num_traits::{One, Zero};
use pyxray_bytecode::pyhash::{self, PyHash};

use super::{Object, Raise};
use crate::heap::{Heap, ObjId};

/// `TypeError: unhashable type: 'list'` (`PyObject_HashNotImplemented`).
pub fn unhashable(type_name: &str) -> Raise {
    Raise::new("TypeError", format!("unhashable type: '{type_name}'"))
}

/// What hashing one object needs: its hash now, or its items' hashes first.
enum Step {
    Done(PyHash),
    /// A tuple-shaped hash (`tuple_hash`) of these objects.
    Tuple(Vec<ObjId>),
    /// `range_hash`: the tuple `(len, start, step)` with `None` for what a short range lacks.
    Range(Vec<Option<BigInt>>),
}

/// `PyObject_Hash`. Nested tuples are hashed with an explicit stack, however deep.
pub fn hash(heap: &Heap, id: ObjId) -> Result<PyHash, Raise> {
    // Each pending tuple: its items and the hashes of those done so far.
    let mut pending: Vec<(Vec<ObjId>, Vec<PyHash>)> = Vec::new();
    let mut next = id;
    loop {
        let mut done = match hash_step(heap, next)? {
            Step::Done(h) => h,
            Step::Range(parts) => {
                let hashes: Vec<PyHash> = parts
                    .iter()
                    .map(|part| part.as_ref().map_or(pyhash::HASH_NONE, pyhash::hash_long))
                    .collect();
                pyhash::hash_tuple(hashes.into_iter())
            }
            Step::Tuple(items) if items.is_empty() => pyhash::hash_tuple([].into_iter()),
            Step::Tuple(items) => {
                next = items[0];
                pending.push((items, Vec::new()));
                continue;
            }
        };
        // Feed the finished hash to the tuples waiting for it.
        loop {
            let Some((items, hashes)) = pending.last_mut() else {
                return Ok(done);
            };
            hashes.push(done);
            if hashes.len() < items.len() {
                next = items[hashes.len()];
                break;
            }
            done = pyhash::hash_tuple(hashes.drain(..));
            pending.pop();
        }
    }
}

/// One object's `tp_hash`, or what must be hashed first.
fn hash_step(heap: &Heap, id: ObjId) -> Result<Step, Raise> {
    let Some(object) = heap.get(id) else {
        return Err(Raise::new("SystemError", "hashed a freed object"));
    };
    Ok(Step::Done(match object {
        Object::None => pyhash::HASH_NONE,
        Object::Bool(b) => PyHash::from(*b),
        Object::Int(i) => pyhash::hash_long(i),
        Object::Float(x) => pyhash::hash_double(*x, pyhash::hash_identity(id.0)),
        Object::Complex { real, imag } => {
            pyhash::hash_complex(*real, *imag, pyhash::hash_identity(id.0))
        }
        Object::Str(s) => pyhash::hash_str(s),
        Object::Bytes(b) => pyhash::hash_bytes(b),
        Object::Tuple(items) => return Ok(Step::Tuple(items.clone())),
        Object::Slice { start, stop, step } => return Ok(Step::Tuple(vec![*start, *stop, *step])),
        Object::Range { start, stop, step } => {
            let length = super::range_length(start, stop, step);
            let parts = if length.is_zero() {
                vec![Some(length), None, None]
            } else if length.is_one() {
                vec![Some(length), Some(start.clone()), None]
            } else {
                vec![Some(length), Some(start.clone()), Some(step.clone())]
            };
            return Ok(Step::Range(parts));
        }
        Object::FrozenSet(table) => pyhash::hash_frozenset(
            table
                .entries()
                .map(|(h, _)| h)
                .collect::<Vec<_>>()
                .into_iter(),
        ),
        Object::List(_)
        | Object::Dict(_)
        | Object::Set(_)
        | Object::DictView {
            kind: super::DictViewKind::Items | super::DictViewKind::Keys,
            ..
        } => return Err(unhashable(object.type_name())),
        Object::Method { function, receiver } => {
            // `method_hash`: the receiver's identity mixed with the function's hash.
            pyhash::hash_identity(receiver.0) ^ pyhash::hash_identity(function.0)
        }
        Object::Instance { class, .. } => return instance_hash(heap, id, *class),
        _ => pyhash::hash_identity(id.0),
    }))
}

/// The hash of an instance of a user class: by identity (`object.__hash__`), unless a class
/// of its MRO sets `__hash__ = None` or defines `__eq__` without `__hash__` (which makes
/// `type.__new__` set `__hash__` to None), or defines its own `__hash__`.
fn instance_hash(heap: &Heap, id: ObjId, class: ObjId) -> Result<Step, Raise> {
    let Some(Object::Type(t)) = heap.get(class) else {
        return Ok(Step::Done(pyhash::hash_identity(id.0)));
    };
    for &klass in &t.mro {
        let Some(Object::Type(k)) = heap.get(klass) else {
            continue;
        };
        if k.native.is_some() || k.builtin_exception.is_some() {
            break;
        }
        let (hash_method, defines_eq) = class_hash_slots(heap, k.dict);
        match hash_method {
            Some(f) if matches!(heap.get(f), Some(Object::None)) => {
                return Err(unhashable(&t.name))
            }
            Some(_) => {
                return Err(Raise::new(
                    super::NOT_SUPPORTED,
                    "not supported yet: hashing with a class's own __hash__ method",
                ))
            }
            None if defines_eq => return Err(unhashable(&t.name)),
            None => {}
        }
    }
    Ok(Step::Done(pyhash::hash_identity(id.0)))
}

/// A class namespace's `__hash__` entry, and whether it defines `__eq__`.
fn class_hash_slots(heap: &Heap, dict: ObjId) -> (Option<ObjId>, bool) {
    let Some(Object::Dict(pairs)) = heap.get(dict) else {
        return (None, false);
    };
    let mut hash_method = None;
    let mut defines_eq = false;
    for &(key, value) in pairs {
        match heap.get(key) {
            Some(Object::Str(name)) if name == "__hash__" => hash_method = Some(value),
            Some(Object::Str(name)) if name == "__eq__" => defines_eq = true,
            _ => {}
        }
    }
    (hash_method, defines_eq)
}
