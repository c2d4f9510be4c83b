//! The iterators the built-in functions make: `enumerate`, `zip`, `reversed`, `map`, `filter`,
//! and the dict views with their iterators. `get_iter` and `iterator_next` (in
//! `abstract_ops.rs`) hand these types to the functions here.
//!
//! CPython: `Objects/enumobject.c` (`enum_next`, `reversed_next`), `Python/bltinmodule.c`
//! (`zip_next`, `map_next`, `filter_next`), `Objects/dictobject.c` (`dictview_new`,
//! `dictiter_iternextkey`, `dictiter_iternextvalue`, `dictiter_iternextitem`).

use num_bigint::BigInt;

use crate::heap::ObjId;
use crate::objects::{is_true, DictViewKind, Object, Raise};
use crate::vm::{Fault, Vm};

impl Vm {
    /// Whether `id` is one of this module's iterators (each is its own iterator).
    pub(crate) fn is_library_iterator(&self, id: ObjId) -> bool {
        matches!(
            self.heap.get(id),
            Some(
                Object::DictIterator { .. }
                    | Object::SetIterator { .. }
                    | Object::Enumerate { .. }
                    | Object::Zip { .. }
                    | Object::ReverseIterator { .. }
                    | Object::Map { .. }
                    | Object::Filter { .. }
            )
        )
    }

    /// An iterator over a dict view (`dictview_iter`).
    pub(crate) fn dict_view_iter(&mut self, view: ObjId) -> Result<Option<ObjId>, Fault> {
        let Some(&Object::DictView { kind, dict }) = self.heap.get(view) else {
            return Ok(None);
        };
        let size = match self.heap.get(dict) {
            Some(Object::Dict(pairs)) => Some(pairs.len()),
            _ => None,
        };
        self.heap.incref(dict);
        self.new_result(Object::DictIterator {
            kind,
            dict,
            index: 0,
            size,
        })
        .map(Some)
    }

    /// The next item of one of this module's iterators: `Ok(None)` when exhausted.
    pub(crate) fn library_iterator_next(
        &mut self,
        iterator: ObjId,
    ) -> Result<Option<ObjId>, Fault> {
        let Some(object) = self.heap.get(iterator) else {
            return Ok(None);
        };
        if let Object::SetIterator { .. } = object {
            return self.set_iterator_next(iterator);
        }
        match object.clone() {
            Object::DictIterator {
                kind,
                dict,
                index,
                size,
            } => self.dict_iterator_next(iterator, kind, dict, index, size),
            Object::Enumerate {
                iterator: inner,
                count,
            } => {
                let Some(item) = self.iterator_next(inner)? else {
                    return Ok(None);
                };
                let next = &count + BigInt::from(1);
                if let Some(Object::Enumerate { count, .. }) = self.heap.get_mut(iterator) {
                    *count = next;
                }
                let index = self.new_int(count);
                self.new_result(Object::Tuple(vec![index, item])).map(Some)
            }
            Object::Zip { iterators, strict } => self.zip_next(&iterators, strict),
            Object::ReverseIterator {
                sequence,
                remaining,
            } => {
                if remaining == 0 {
                    return Ok(None);
                }
                let position = remaining - 1;
                if let Some(Object::ReverseIterator { remaining, .. }) = self.heap.get_mut(iterator)
                {
                    *remaining = position;
                }
                let item = match self.heap.get(sequence) {
                    Some(Object::List(items) | Object::Tuple(items)) => match items.get(position) {
                        Some(&item) => Ok(item),
                        None => return Ok(None),
                    },
                    Some(Object::Str(text)) => match text.chars().nth(position) {
                        Some(c) => Err(Object::Str(c.to_string())),
                        None => return Ok(None),
                    },
                    Some(Object::Bytes(bytes)) => match bytes.get(position) {
                        Some(&b) => Err(Object::Int(BigInt::from(b))),
                        None => return Ok(None),
                    },
                    _ => return Ok(None),
                };
                match item {
                    Ok(existing) => {
                        self.heap.incref(existing);
                        Ok(Some(existing))
                    }
                    Err(new) => self.new_result(new).map(Some),
                }
            }
            Object::Map {
                function,
                iterators,
            } => {
                let mut args = Vec::with_capacity(iterators.len());
                for &inner in &iterators {
                    match self.iterator_next(inner) {
                        Ok(Some(item)) => args.push(item),
                        Ok(None) => {
                            self.release(&args);
                            return Ok(None);
                        }
                        Err(fault) => {
                            self.release(&args);
                            return Err(fault);
                        }
                    }
                }
                let result = self.call_native(function, &args);
                self.release(&args);
                result.map(Some)
            }
            Object::Filter {
                function,
                iterator: inner,
            } => loop {
                let Some(item) = self.iterator_next(inner)? else {
                    return Ok(None);
                };
                let keep = if matches!(self.heap.get(function), Some(Object::None)) {
                    is_true(&self.heap, item)
                } else {
                    match self.call_native(function, &[item]) {
                        Ok(verdict) => {
                            let keep = is_true(&self.heap, verdict);
                            self.heap.decref(verdict);
                            keep
                        }
                        Err(fault) => {
                            self.heap.decref(item);
                            return Err(fault);
                        }
                    }
                };
                if keep {
                    return Ok(Some(item));
                }
                self.heap.decref(item);
            },
            other => Err(Raise::new(
                "TypeError",
                format!("'{}' object is not an iterator", other.type_name()),
            )
            .into()),
        }
    }

    fn dict_iterator_next(
        &mut self,
        iterator: ObjId,
        kind: DictViewKind,
        dict: ObjId,
        index: usize,
        size: Option<usize>,
    ) -> Result<Option<ObjId>, Fault> {
        let Some(Object::Dict(pairs)) = self.heap.get(dict) else {
            return Ok(None);
        };
        // `dictiter_iternextkey`: once the dict has changed size, every `next` says so.
        if size != Some(pairs.len()) {
            if let Some(Object::DictIterator { size, .. }) = self.heap.get_mut(iterator) {
                *size = None;
            }
            return Err(
                Raise::new("RuntimeError", "dictionary changed size during iteration").into(),
            );
        }
        let Some(&(key, value)) = pairs.get(index) else {
            return Ok(None);
        };
        if let Some(Object::DictIterator { index, .. }) = self.heap.get_mut(iterator) {
            *index += 1;
        }
        match kind {
            DictViewKind::Keys => {
                self.heap.incref(key);
                Ok(Some(key))
            }
            DictViewKind::Values => {
                self.heap.incref(value);
                Ok(Some(value))
            }
            DictViewKind::Items => {
                self.heap.incref(key);
                self.heap.incref(value);
                self.new_result(Object::Tuple(vec![key, value])).map(Some)
            }
        }
    }

    /// `zip_next`: one item from each iterator, or the end at the first exhausted one (with
    /// `strict=True`, an error if the others are not exhausted too).
    fn zip_next(&mut self, iterators: &[ObjId], strict: bool) -> Result<Option<ObjId>, Fault> {
        if iterators.is_empty() {
            return Ok(None);
        }
        let mut items = Vec::with_capacity(iterators.len());
        for (position, &inner) in iterators.iter().enumerate() {
            match self.iterator_next(inner) {
                Ok(Some(item)) => items.push(item),
                Ok(None) => {
                    self.release(&items);
                    if strict {
                        return self.zip_strict_check(iterators, position);
                    }
                    return Ok(None);
                }
                Err(fault) => {
                    self.release(&items);
                    return Err(fault);
                }
            }
        }
        self.new_result(Object::Tuple(items)).map(Some)
    }

    /// After iterator `position` ran out under `strict=True`: the others must run out too.
    fn zip_strict_check(
        &mut self,
        iterators: &[ObjId],
        position: usize,
    ) -> Result<Option<ObjId>, Fault> {
        let plural = |n: usize| if n == 1 { " " } else { "s 1-" };
        if position > 0 {
            return Err(Raise::new(
                "ValueError",
                format!(
                    "zip() argument {} is shorter than argument{}{}",
                    position + 1,
                    plural(position),
                    position
                ),
            )
            .into());
        }
        for (other, &inner) in iterators.iter().enumerate().skip(1) {
            if let Some(item) = self.iterator_next(inner)? {
                self.heap.decref(item);
                return Err(Raise::new(
                    "ValueError",
                    format!(
                        "zip() argument {} is longer than argument{}{}",
                        other + 1,
                        plural(other),
                        other
                    ),
                )
                .into());
            }
        }
        Ok(None)
    }
}
