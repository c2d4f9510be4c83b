//! The abstract object protocols every instruction goes through for iteration, membership and
//! unpacking: `PyObject_GetIter`, `PyIter_Next`, `PySequence_Contains` and `unpack_iterable`.
//!
//! CPython: `Objects/abstract.c` (`PyObject_GetIter`, `PySequence_Contains`,
//! `_PySequence_IterSearch`), `Objects/iterobject.c`, `Objects/rangeobject.c`
//! (`range_contains`), `Python/ceval.c` (`_PyEval_UnpackIterable`).

use num_bigint::BigInt;
use num_integer::Integer;
use num_traits::Zero;

use crate::heap::ObjId;
use crate::objects::{equal, Object, Raise};
use crate::vm::{Fault, Vm};

impl Vm {
    /// `CONTAINS_OP`: `item in container` (`oparg` 1: `not in`).
    pub(crate) fn contains_op(&mut self, oparg: u32) -> Result<(), Fault> {
        let container = self.pop_value()?;
        let item = self.pop_value()?;
        if self.needs_frames(container) {
            return self.contains_frames(container, item, oparg == 1);
        }
        let started = self.contains_slot(container, item, oparg == 1);
        if started.as_ref().map_or(true, |started| *started) {
            self.release(&[container, item]);
            return started.map(|_| ());
        }
        let found = self.contains(container, item);
        self.release(&[container, item]);
        let result = self.new_bool(found? != (oparg == 1));
        self.push_value(result)
    }

    /// `PySequence_Contains`: each type's `sq_contains`, else a search of its iterator.
    pub(crate) fn contains(&mut self, container: ObjId, item: ObjId) -> Result<bool, Fault> {
        let type_error = |kind: &str| {
            Err(Raise::new(
                "TypeError",
                format!("argument of type '{kind}' is not a container or iterable"),
            )
            .into())
        };
        match (self.heap.get(container), self.heap.get(item)) {
            (Some(Object::Str(haystack)), Some(Object::Str(needle))) => {
                Ok(haystack.contains(needle.as_str()))
            }
            (Some(Object::Str(_)), Some(other)) => Err(Raise::new(
                "TypeError",
                format!(
                    "'in <string>' requires string as left operand, not {}",
                    other.type_name()
                ),
            )
            .into()),
            (Some(Object::Bytes(haystack)), Some(needle)) => bytes_contains(haystack, needle),
            (Some(Object::Tuple(items) | Object::List(items)), _) => {
                for &element in items {
                    if equal(&self.heap, element, item)? {
                        return Ok(true);
                    }
                }
                Ok(false)
            }
            (Some(Object::Dict(_)), _) => Ok(self.dict_position(container, item)?.is_some()),
            (Some(Object::Set(_) | Object::FrozenSet(_)), _) => {
                Ok(self.set_contains(container, item)?)
            }
            (Some(Object::Range { start, stop, step }), Some(Object::Int(value))) => {
                Ok(range_contains(start, stop, step, value))
            }
            (Some(Object::Range { start, stop, step }), Some(Object::Bool(value))) => Ok(
                range_contains(start, stop, step, &BigInt::from(*value as u8)),
            ),
            (Some(&Object::MappingProxy(dict)), _) => self.contains(dict, item),
            (Some(Object::DictView { kind, dict }), _)
                if *kind == crate::objects::DictViewKind::Keys =>
            {
                let dict = *dict;
                self.contains(dict, item)
            }
            (Some(Object::DictView { .. }), _) => self.iter_search(container, item),
            (Some(_), _) if self.is_library_iterator(container) => {
                self.iter_search(container, item)
            }
            (Some(Object::Range { .. } | Object::SeqIterator { .. }), _)
            | (Some(Object::RangeIterator { .. }), _) => self.iter_search(container, item),
            (Some(other), _) => type_error(other.type_name()),
            (None, _) => Err(Fault::Internal("`in` on a freed object".to_string())),
        }
    }

    /// `_PySequence_IterSearch`: iterate `container` until an item equals `item`.
    fn iter_search(&mut self, container: ObjId, item: ObjId) -> Result<bool, Fault> {
        let iterator = self.get_iter(container)?;
        let mut found = Ok(false);
        while let Some(element) = self.iterator_next(iterator)? {
            let same = equal(&self.heap, element, item);
            self.heap.decref(element);
            match same {
                Ok(false) => continue,
                other => {
                    found = other.map_err(Fault::from);
                    break;
                }
            }
        }
        self.heap.decref(iterator);
        found
    }

    /// `UNPACK_SEQUENCE`: pop an iterable, push its `count` items, last item first.
    pub(crate) fn unpack_sequence(&mut self, count: u32) -> Result<(), Fault> {
        let sequence = self.pop_value()?;
        if self.needs_frames(sequence) {
            return self.unpack_frames(sequence, count as usize);
        }
        let started = self.unpack_with_frames(sequence, count as usize);
        if started.as_ref().map_or(true, |started| *started) {
            self.heap.decref(sequence);
            return started.map(|_| ());
        }
        let items = self.unpack(sequence, count as usize);
        self.heap.decref(sequence);
        for item in items?.into_iter().rev() {
            self.push_value(item)?;
        }
        Ok(())
    }

    /// Exactly `count` new references from `iterable`, or CPython's ValueError. Lists and
    /// tuples report how many items they had; other iterables are read one past `count` only.
    fn unpack(&mut self, iterable: ObjId, count: usize) -> Result<Vec<ObjId>, Fault> {
        if let Some(Object::Tuple(items) | Object::List(items)) = self.heap.get(iterable) {
            let items = items.clone();
            if items.len() != count {
                return Err(unpack_error(count, items.len(), true).into());
            }
            for &item in &items {
                self.heap.incref(item);
            }
            return Ok(items);
        }
        let iterator = match self.get_iter(iterable) {
            Ok(iterator) => iterator,
            Err(Fault::Raise(raise)) if raise.type_name == "TypeError" => {
                let kind = self.heap.get(iterable).map_or("object", Object::type_name);
                return Err(Raise::new(
                    "TypeError",
                    format!("cannot unpack non-iterable {kind} object"),
                )
                .into());
            }
            Err(other) => return Err(other),
        };
        let mut items = Vec::with_capacity(count);
        let outcome = loop {
            match self.iterator_next(iterator) {
                Ok(Some(item)) if items.len() < count => items.push(item),
                Ok(Some(extra)) => {
                    self.heap.decref(extra);
                    break Err(unpack_error(count, count + 1, false).into());
                }
                Ok(None) if items.len() < count => {
                    break Err(unpack_error(count, items.len(), true).into())
                }
                Ok(None) => break Ok(()),
                Err(fault) => break Err(fault),
            }
        };
        self.heap.decref(iterator);
        match outcome {
            Ok(()) => Ok(items),
            Err(fault) => {
                self.release(&items);
                Err(fault)
            }
        }
    }

    /// Every item of `iterable` as new references (`PySequence_List`'s loop).
    pub(crate) fn unpack_all(&mut self, iterable: ObjId) -> Result<Vec<ObjId>, Fault> {
        if let Some(Object::Tuple(items) | Object::List(items)) = self.heap.get(iterable) {
            let items = items.clone();
            for &item in &items {
                self.heap.incref(item);
            }
            return Ok(items);
        }
        let iterator = self.get_iter(iterable)?;
        let mut items = Vec::new();
        let outcome = loop {
            match self.iterator_next(iterator) {
                Ok(Some(item)) => {
                    if items.len() >= crate::objects::MAX_SEQUENCE_LENGTH {
                        self.heap.decref(item);
                        break Err(Raise::new("MemoryError", "").into());
                    }
                    items.push(item)
                }
                Ok(None) => break Ok(()),
                Err(fault) => break Err(fault),
            }
        };
        self.heap.decref(iterator);
        match outcome {
            Ok(()) => Ok(items),
            Err(fault) => {
                self.release(&items);
                Err(fault)
            }
        }
    }

    /// `GET_ITER` (`PyObject_GetIter`): a new iterator over `iterable`.
    pub(crate) fn get_iter(&mut self, iterable: ObjId) -> Result<ObjId, Fault> {
        let iterator = match self.heap.get(iterable) {
            Some(Object::List(_) | Object::Tuple(_) | Object::Str(_) | Object::Bytes(_)) => {
                self.heap.incref(iterable);
                Object::SeqIterator {
                    sequence: iterable,
                    index: 0,
                }
            }
            Some(Object::Dict(pairs)) => {
                let size = Some(pairs.len());
                self.heap.incref(iterable);
                Object::DictIterator {
                    kind: crate::objects::DictViewKind::Keys,
                    dict: iterable,
                    index: 0,
                    size,
                }
            }
            Some(Object::Set(_) | Object::FrozenSet(_)) => return self.set_iter(iterable),
            Some(Object::Range { start, stop, step }) => Object::RangeIterator {
                next: start.clone(),
                stop: stop.clone(),
                step: step.clone(),
            },
            Some(Object::SeqIterator { .. } | Object::RangeIterator { .. }) => {
                // An iterator is its own iterator.
                self.heap.incref(iterable);
                return Ok(iterable);
            }
            Some(Object::DictView { .. }) => {
                return self
                    .dict_view_iter(iterable)?
                    .ok_or_else(|| Fault::Internal("not a dict view".to_string()))
            }
            Some(&Object::MappingProxy(dict)) => return self.get_iter(dict),
            Some(Object::Generator(g)) if g.kind == crate::objects::GeneratorKind::Generator => {
                self.heap.incref(iterable);
                return Ok(iterable);
            }
            Some(_) if self.is_library_iterator(iterable) => {
                self.heap.incref(iterable);
                return Ok(iterable);
            }
            Some(Object::Instance { .. })
                if self.user_method(iterable, "__iter__").is_some()
                    || self.user_method(iterable, "__getitem__").is_some() =>
            {
                return Err(Fault::Internal(
                    "not supported yet: this operation on a user iterable (for loops, list(), \
                     tuple(), sum(), sorted(), min(), max(), str.join, iter() and next() take them)"
                        .to_string(),
                ))
            }
            Some(_) => {
                let kind = self.type_name_of(iterable);
                return Err(
                    Raise::new("TypeError", format!("'{kind}' object is not iterable")).into(),
                );
            }
            None => return Err(Fault::Internal("iterated a freed object".to_string())),
        };
        self.new_result(iterator)
    }

    /// `FOR_ITER`: push the iterator's next item, or jump past the loop's `END_FOR` when done.
    pub(crate) fn for_iter(&mut self, oparg: u32) -> Result<(), Fault> {
        let iterator = self
            .frame()?
            .stack
            .last()
            .copied()
            .flatten()
            .ok_or_else(|| Fault::Internal("FOR_ITER without an iterator".to_string()))?;
        if self.needs_frames(iterator) {
            // A generator (or an iterator over one) runs its frame: the loop gets the item
            // when it yields.
            let exit = self.frame()?.next_offset + 2 * oparg + 2;
            return self.resume_next(iterator, crate::generators::Resumer::ForIter { exit });
        }
        let exit = self.frame()?.next_offset + 2 * oparg + 2;
        if self.for_iter_slot(iterator, exit)? {
            return Ok(());
        }
        let next = self.iterator_next(iterator)?;
        match next {
            Some(item) => self.push_value(item),
            None => {
                let frame = self.frame()?;
                frame.next_offset += 2 * oparg + 2;
                Ok(())
            }
        }
    }

    /// `PyIter_Next`: the iterator's next item as a new reference, or `None` when exhausted.
    /// A str iterator's index is a byte offset, so each step is O(1).
    pub(crate) fn iterator_next(&mut self, iterator: ObjId) -> Result<Option<ObjId>, Fault> {
        if self.iterates_with_frames(iterator) {
            return Err(Fault::Internal(
                "not supported yet: this operation on an iterator that runs Python code (for \
                 loops, list(), tuple(), sum(), sorted(), min(), max(), str.join, any(), all() and next() \
                 take them)"
                    .to_string(),
            ));
        }
        let item = match self.heap.get(iterator) {
            Some(Object::SeqIterator { sequence, index }) => {
                let (sequence, index) = (*sequence, *index);
                let (item, advance) = match self.heap.get(sequence) {
                    Some(Object::List(items) | Object::Tuple(items)) => {
                        (items.get(index).map(|&item| Ok(item)), 1)
                    }
                    Some(Object::Dict(pairs)) => (pairs.get(index).map(|&(key, _)| Ok(key)), 1),
                    Some(Object::Str(text)) => {
                        match text.get(index..).and_then(|t| t.chars().next()) {
                            Some(c) => (Some(Err(Object::Str(c.to_string()))), c.len_utf8()),
                            None => (None, 0),
                        }
                    }
                    Some(Object::Bytes(bytes)) => (
                        bytes.get(index).map(|&b| Err(Object::Int(BigInt::from(b)))),
                        1,
                    ),
                    _ => (None, 0),
                };
                if let Some(Object::SeqIterator { index, .. }) = self.heap.get_mut(iterator) {
                    *index += advance;
                }
                match item {
                    Some(Ok(existing)) => {
                        self.heap.incref(existing);
                        Some(existing)
                    }
                    Some(Err(new)) => Some(self.new_result(new)?),
                    None => None,
                }
            }
            Some(Object::RangeIterator { next, stop, step }) => {
                let positive = *step > BigInt::zero();
                let done = if positive { next >= stop } else { next <= stop };
                if done {
                    None
                } else {
                    let value = next.clone();
                    let advanced = next + step;
                    if let Some(Object::RangeIterator { next, .. }) = self.heap.get_mut(iterator) {
                        *next = advanced;
                    }
                    Some(self.new_int(value))
                }
            }
            Some(Object::Generator { .. }) => {
                return Err(Fault::Internal(
                    "not supported yet: a generator read by this built-in (for loops, next, \
                     any, all, enumerate, zip and the built-ins that read everything read \
                     generators)"
                        .to_string(),
                ))
            }
            Some(_) => return self.library_iterator_next(iterator),
            None => None,
        };
        Ok(item)
    }
}

/// CPython's two unpacking messages; only lists and tuples know how many items they had.
pub(crate) fn unpack_error(expected: usize, got: usize, knows_length: bool) -> Raise {
    let message = if got > expected {
        if knows_length {
            format!("too many values to unpack (expected {expected}, got {got})")
        } else {
            format!("too many values to unpack (expected {expected})")
        }
    } else {
        format!("not enough values to unpack (expected {expected}, got {got})")
    };
    Raise::new("ValueError", message)
}

/// `range_contains_long`: arithmetic, not a scan.
fn range_contains(start: &BigInt, stop: &BigInt, step: &BigInt, value: &BigInt) -> bool {
    let in_bounds = if step > &BigInt::zero() {
        start <= value && value < stop
    } else {
        stop < value && value <= start
    };
    in_bounds && (value - start).mod_floor(step).is_zero()
}

/// `bytes_contains`: an int in range(256) or a bytes substring.
fn bytes_contains(haystack: &[u8], needle: &Object) -> Result<bool, Fault> {
    match needle {
        Object::Bytes(sub) => Ok(sub.is_empty() || haystack.windows(sub.len()).any(|w| w == sub)),
        Object::Int(value) => match u8::try_from(value) {
            Ok(byte) => Ok(haystack.contains(&byte)),
            Err(_) => Err(Raise::new("ValueError", "byte must be in range(0, 256)").into()),
        },
        Object::Bool(value) => Ok(haystack.contains(&(*value as u8))),
        other => Err(Raise::new(
            "TypeError",
            format!(
                "a bytes-like object is required, not '{}'",
                other.type_name()
            ),
        )
        .into()),
    }
}
