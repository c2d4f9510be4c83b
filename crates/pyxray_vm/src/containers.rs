//! Building and indexing containers: dict displays, subscripts and slices, and the
//! instructions comprehensions use to fill a list or dict.
//!
//! CPython: `Objects/dictobject.c` (`dict_subscript`, `insertdict`), `Objects/listobject.c`
//! (`list_subscript`, `list_ass_subscript`), `Objects/tupleobject.c`, `Objects/unicodeobject.c`
//! (`unicode_subscript`), `Objects/sliceobject.c` (`PySlice_Unpack`,
//! `PySlice_AdjustIndices`), `Objects/rangeobject.c`, `Python/bytecodes.c` (`BUILD_MAP`,
//! `STORE_SUBSCR`, `BINARY_SLICE`, `LIST_APPEND`, `MAP_ADD`, `DICT_UPDATE`).
//! Dict keys are found by `==` in insertion order; CPython's hash table is the next step.

use num_bigint::BigInt;
use num_traits::{Signed, ToPrimitive, Zero};

use crate::heap::ObjId;
use crate::objects::{equal, memory_error, repr, Object, Raise, MAX_SEQUENCE_LENGTH};
use crate::vm::{Fault, Vm};

/// A slice resolved against a sequence length (`PySlice_AdjustIndices`).
pub(crate) struct SliceRange {
    pub start: i64,
    /// The adjusted stop (`PySlice_AdjustIndices`), as `slice.indices` gives it.
    pub stop: i64,
    pub step: i64,
    pub count: usize,
}

impl SliceRange {
    fn indices(&self) -> impl Iterator<Item = usize> + '_ {
        (0..self.count).map(move |i| (self.start + i as i64 * self.step) as usize)
    }
}

impl Vm {
    /// `BUILD_MAP n`: a dict from `n` key/value pairs on the stack.
    pub(crate) fn build_map(&mut self, count: u32) -> Result<(), Fault> {
        let items = self.pop_n(2 * count as usize)?;
        let dict = self.new_result(Object::Dict(Vec::new()))?;
        for pair in items.chunks(2) {
            if let [key, value] = *pair {
                let stored = self.dict_set(dict, key, value);
                self.release(&[key, value]);
                if let Err(fault) = stored {
                    self.heap.decref(dict);
                    return Err(fault);
                }
            }
        }
        self.push_value(dict)
    }

    /// The position of `key` in a dict's pairs.
    pub(crate) fn dict_position(&self, dict: ObjId, key: ObjId) -> Result<Option<usize>, Fault> {
        let Some(Object::Dict(pairs)) = self.heap.get(dict) else {
            return Ok(None);
        };
        self.check_hashable(key)?;
        for (index, &(existing, _)) in pairs.iter().enumerate() {
            if equal(&self.heap, existing, key)? {
                return Ok(Some(index));
            }
        }
        Ok(None)
    }

    /// Hashes a dict key (`PyObject_Hash`), rewording a TypeError as CPython's
    /// `cannot use 'list' as a dict key (unhashable type: 'list')`. Keys are still found by
    /// `==` in insertion order; the hash only decides whether the key is allowed.
    fn check_hashable(&self, key: ObjId) -> Result<(), Fault> {
        match crate::objects::hash(&self.heap, key) {
            Ok(_) => Ok(()),
            Err(raise) if raise.type_name == "TypeError" => Err(Raise::new(
                "TypeError",
                format!(
                    "cannot use '{}' as a dict key ({})",
                    self.type_name_of(key),
                    raise.message
                ),
            )
            .into()),
            Err(raise) => Err(raise.into()),
        }
    }

    /// `d[key] = value`; the dict takes its own references (a key already present keeps its
    /// first key object, as CPython does).
    pub(crate) fn dict_set(&mut self, dict: ObjId, key: ObjId, value: ObjId) -> Result<(), Fault> {
        let position = self.dict_position(dict, key)?;
        self.heap.incref(value);
        let old = self
            .heap
            .update(dict, |object| match object {
                Object::Dict(pairs) => match position {
                    Some(index) => Some(std::mem::replace(&mut pairs[index].1, value)),
                    None => {
                        pairs.push((key, value));
                        None
                    }
                },
                _ => None,
            })
            .flatten();
        match old {
            Some(old) => self.heap.decref(old),
            None => self.heap.incref(key),
        }
        Ok(())
    }

    /// `BINARY_OP []` (`PyObject_GetItem`): a new reference to `container[key]`.
    pub(crate) fn get_item(&mut self, container: ObjId, key: ObjId) -> Result<ObjId, Fault> {
        if let Some(&Object::MappingProxy(dict)) = self.heap.get(container) {
            return self.get_item(dict, key);
        }
        if let Some(Object::Dict(_)) = self.heap.get(container) {
            return match self.dict_position(container, key)? {
                Some(index) => {
                    let value = match self.heap.get(container) {
                        Some(Object::Dict(pairs)) => pairs[index].1,
                        _ => return Err(Fault::Internal("dict changed".to_string())),
                    };
                    self.heap.incref(value);
                    Ok(value)
                }
                None => Err(self.key_error(key)),
            };
        }
        if let Some(Object::Slice { .. }) = self.heap.get(key) {
            return self.get_slice(container, key);
        }
        let kind = self.heap.get(container).map_or("object", Object::type_name);
        let length = match self.sequence_length(container) {
            Some(length) => length,
            None => {
                return Err(Raise::new(
                    "TypeError",
                    format!("'{kind}' object is not subscriptable"),
                )
                .into())
            }
        };
        let index = self.sequence_index(kind, key, length, false)?;
        let item = match self.heap.get(container) {
            Some(Object::List(items) | Object::Tuple(items)) => Ok(items[index]),
            Some(Object::Str(text)) => Err(Object::Str(nth_char(text, index))),
            Some(Object::Bytes(bytes)) => Err(Object::Int(BigInt::from(bytes[index]))),
            Some(Object::Range { start, step, .. }) => {
                Err(Object::Int(start + step * BigInt::from(index)))
            }
            _ => return Err(Fault::Internal("indexed a non-sequence".to_string())),
        };
        match item {
            Ok(existing) => {
                self.heap.incref(existing);
                Ok(existing)
            }
            Err(new) => self.new_result(new),
        }
    }

    /// The length of a built-in sequence (`None` for anything else).
    fn sequence_length(&self, id: ObjId) -> Option<usize> {
        Some(match self.heap.get(id)? {
            Object::List(items) | Object::Tuple(items) => items.len(),
            Object::Str(text) => text.chars().count(),
            Object::Bytes(bytes) => bytes.len(),
            Object::Range { start, stop, step } => {
                crate::objects::range_length(start, stop, step).to_usize()?
            }
            _ => return None,
        })
    }

    /// An int index into a sequence of `length`, negative ones counted from the end, with
    /// CPython's IndexError and TypeError texts for each type.
    fn sequence_index(
        &self,
        kind: &str,
        key: ObjId,
        length: usize,
        assigning: bool,
    ) -> Result<usize, Fault> {
        let index = match self.heap.get(key) {
            Some(Object::Int(i)) => i.clone(),
            Some(Object::Bool(b)) => BigInt::from(*b as u8),
            other => {
                let key_kind = other.map_or("object", Object::type_name);
                let message = match kind {
                    "str" => format!("string indices must be integers, not '{key_kind}'"),
                    "bytes" => format!("byte indices must be integers or slices, not {key_kind}"),
                    "range" => format!("range indices must be integers or slices, not {key_kind}"),
                    _ => format!("{kind} indices must be integers or slices, not {key_kind}"),
                };
                return Err(Raise::new("TypeError", message).into());
            }
        };
        let adjusted = if index.is_negative() {
            index + BigInt::from(length)
        } else {
            index
        };
        match adjusted.to_usize() {
            Some(i) if i < length => Ok(i),
            _ => {
                let message = match (kind, assigning) {
                    ("list", true) => "list assignment index out of range".to_string(),
                    ("str", _) => "string index out of range".to_string(),
                    ("bytes", _) => "index out of range".to_string(),
                    ("range", _) => "range object index out of range".to_string(),
                    (kind, _) => format!("{kind} index out of range"),
                };
                Err(Raise::new("IndexError", message).into())
            }
        }
    }

    /// `PySlice_Unpack` + `PySlice_AdjustIndices` for a slice object against `length`.
    pub(crate) fn resolve_slice(&self, slice: ObjId, length: usize) -> Result<SliceRange, Fault> {
        let Some(&Object::Slice { start, stop, step }) = self.heap.get(slice) else {
            return Err(Fault::Internal("not a slice".to_string()));
        };
        let bound = |id: ObjId| -> Result<Option<BigInt>, Fault> {
            match self.heap.get(id) {
                Some(Object::None) => Ok(None),
                Some(Object::Int(i)) => Ok(Some(i.clone())),
                Some(Object::Bool(b)) => Ok(Some(BigInt::from(*b as u8))),
                _ => Err(Raise::new(
                    "TypeError",
                    "slice indices must be integers or None or have an __index__ method",
                )
                .into()),
            }
        };
        let step = bound(step)?.unwrap_or_else(|| BigInt::from(1));
        if step.is_zero() {
            return Err(Raise::new("ValueError", "slice step cannot be zero").into());
        }
        let step = step.to_i64().unwrap_or(if step.is_negative() {
            -i64::MAX
        } else {
            i64::MAX
        });
        let length = length as i64;
        let clamp = |value: Option<BigInt>, default: i64| -> i64 {
            let Some(value) = value else {
                return default;
            };
            let value = if value.is_negative() {
                value + BigInt::from(length)
            } else {
                value
            };
            let (low, high) = if step < 0 {
                (-1, length - 1)
            } else {
                (0, length)
            };
            if value < BigInt::from(low) {
                low
            } else if value > BigInt::from(high) {
                high
            } else {
                value.to_i64().unwrap_or(high)
            }
        };
        let (start, stop) = if step < 0 {
            (clamp(bound(start)?, length - 1), clamp(bound(stop)?, -1))
        } else {
            (clamp(bound(start)?, 0), clamp(bound(stop)?, length))
        };
        let count = if step < 0 {
            if stop < start {
                ((start - stop - 1) / -step + 1) as usize
            } else {
                0
            }
        } else if start < stop {
            ((stop - start - 1) / step + 1) as usize
        } else {
            0
        };
        Ok(SliceRange {
            start,
            stop,
            step,
            count,
        })
    }

    /// `container[slice]` for the built-in sequences.
    fn get_slice(&mut self, container: ObjId, slice: ObjId) -> Result<ObjId, Fault> {
        let kind = self.heap.get(container).map_or("object", Object::type_name);
        let Some(length) = self.sequence_length(container) else {
            return Err(
                Raise::new("TypeError", format!("'{kind}' object is not subscriptable")).into(),
            );
        };
        let range = self.resolve_slice(slice, length)?;
        // A full slice of an immutable sequence is the sequence itself
        // (`unicode_subscript`, `tuple_subscript`, `bytes_subscript`).
        if range.start == 0 && range.step == 1 && range.count == length {
            if let Some(Object::Str(_) | Object::Tuple(_) | Object::Bytes(_)) =
                self.heap.get(container)
            {
                self.heap.incref(container);
                return Ok(container);
            }
        }
        let object = match self.heap.get(container) {
            Some(Object::List(items)) => Object::List(range.indices().map(|i| items[i]).collect()),
            Some(Object::Tuple(items)) => {
                Object::Tuple(range.indices().map(|i| items[i]).collect())
            }
            Some(Object::Str(text)) => {
                let chars: Vec<char> = text.chars().collect();
                Object::Str(range.indices().map(|i| chars[i]).collect())
            }
            Some(Object::Bytes(bytes)) => {
                Object::Bytes(range.indices().map(|i| bytes[i]).collect())
            }
            Some(Object::Range { start, step, .. }) => {
                let first = start + step * BigInt::from(range.start);
                let new_step = step * BigInt::from(range.step);
                let stop = &first + &new_step * BigInt::from(range.count);
                Object::Range {
                    start: first,
                    stop,
                    step: new_step,
                }
            }
            _ => return Err(Fault::Internal("sliced a non-sequence".to_string())),
        };
        if let Object::List(items) | Object::Tuple(items) = &object {
            for &item in items {
                self.heap.incref(item);
            }
        }
        self.new_result(object)
    }

    /// `STORE_SUBSCR`: `container[key] = value`.
    pub(crate) fn store_subscr(&mut self) -> Result<(), Fault> {
        let key = self.pop_value()?;
        let container = self.pop_value()?;
        let value = self.pop_value()?;
        let started = self.setitem_slot(container, key, Some(value));
        if started.as_ref().map_or(true, |started| *started) {
            self.release(&[key, container, value]);
            return started.map(|_| ());
        }
        let result = self.set_item(container, key, value);
        self.release(&[key, container, value]);
        result
    }

    fn set_item(&mut self, container: ObjId, key: ObjId, value: ObjId) -> Result<(), Fault> {
        match self.heap.get(container) {
            Some(Object::Dict(_)) => self.dict_set(container, key, value),
            Some(Object::List(items)) => {
                let length = items.len();
                if let Some(Object::Slice { .. }) = self.heap.get(key) {
                    return self.assign_slice(container, key, value);
                }
                let index = self.sequence_index("list", key, length, true)?;
                self.heap.incref(value);
                let old = self
                    .heap
                    .update(container, |object| match object {
                        Object::List(items) => Some(std::mem::replace(&mut items[index], value)),
                        _ => None,
                    })
                    .flatten();
                if let Some(old) = old {
                    self.heap.decref(old);
                }
                Ok(())
            }
            other => {
                let kind = other.map_or("object", Object::type_name);
                Err(Raise::new(
                    "TypeError",
                    format!("'{kind}' object does not support item assignment"),
                )
                .into())
            }
        }
    }

    /// `list[slice] = iterable`.
    fn assign_slice(&mut self, list: ObjId, slice: ObjId, value: ObjId) -> Result<(), Fault> {
        let new_items = self.unpack_all(value)?;
        let length = self.sequence_length(list).unwrap_or(0);
        let range = match self.resolve_slice(slice, length) {
            Ok(range) => range,
            Err(fault) => {
                self.release(&new_items);
                return Err(fault);
            }
        };
        if length - range.count + new_items.len() > MAX_SEQUENCE_LENGTH
            || !self.heap.can_allocate(8 * new_items.len())
        {
            self.release(&new_items);
            return Err(memory_error().into());
        }
        let removed = if range.step == 1 {
            let start = range.start as usize;
            self.heap
                .update(list, |object| match object {
                    Object::List(items) => items
                        .splice(start..start + range.count, new_items)
                        .collect::<Vec<_>>(),
                    _ => Vec::new(),
                })
                .unwrap_or_default()
        } else {
            if new_items.len() != range.count {
                let message = format!(
                    "attempt to assign sequence of size {} to extended slice of size {}",
                    new_items.len(),
                    range.count
                );
                self.release(&new_items);
                return Err(Raise::new("ValueError", message).into());
            }
            let indices: Vec<usize> = range.indices().collect();
            self.heap
                .update(list, |object| match object {
                    Object::List(items) => indices
                        .iter()
                        .zip(new_items)
                        .map(|(&i, new)| std::mem::replace(&mut items[i], new))
                        .collect::<Vec<_>>(),
                    _ => Vec::new(),
                })
                .unwrap_or_default()
        };
        self.release(&removed);
        Ok(())
    }

    /// `DELETE_SUBSCR`: `del container[key]`.
    pub(crate) fn delete_subscr(&mut self) -> Result<(), Fault> {
        let key = self.pop_value()?;
        let container = self.pop_value()?;
        let started = self.setitem_slot(container, key, None);
        if started.as_ref().map_or(true, |started| *started) {
            self.release(&[key, container]);
            return started.map(|_| ());
        }
        let result = self.delete_item(container, key);
        self.release(&[key, container]);
        result
    }

    fn delete_item(&mut self, container: ObjId, key: ObjId) -> Result<(), Fault> {
        let removed: Vec<ObjId> = match self.heap.get(container) {
            Some(Object::Dict(_)) => match self.dict_position(container, key)? {
                Some(index) => self
                    .heap
                    .update(container, |object| match object {
                        Object::Dict(pairs) => {
                            let (k, v) = pairs.remove(index);
                            vec![k, v]
                        }
                        _ => Vec::new(),
                    })
                    .unwrap_or_default(),
                None => return Err(self.key_error(key)),
            },
            Some(Object::List(items)) => {
                let length = items.len();
                if let Some(Object::Slice { .. }) = self.heap.get(key) {
                    let range = self.resolve_slice(key, length)?;
                    let mut doomed: Vec<usize> = range.indices().collect();
                    doomed.sort_unstable();
                    self.heap
                        .update(container, |object| match object {
                            Object::List(items) => doomed
                                .iter()
                                .rev()
                                .map(|&i| items.remove(i))
                                .collect::<Vec<_>>(),
                            _ => Vec::new(),
                        })
                        .unwrap_or_default()
                } else {
                    let index = self.sequence_index("list", key, length, true)?;
                    self.heap
                        .update(container, |object| match object {
                            Object::List(items) => vec![items.remove(index)],
                            _ => Vec::new(),
                        })
                        .unwrap_or_default()
                }
            }
            other => {
                let kind = other.map_or("object", Object::type_name);
                return Err(Raise::new(
                    "TypeError",
                    format!("'{kind}' object does not support item deletion"),
                )
                .into());
            }
        };
        self.release(&removed);
        Ok(())
    }

    /// `BUILD_SLICE 2|3`: a slice object from start, stop (and step).
    pub(crate) fn build_slice(&mut self, count: u32) -> Result<(), Fault> {
        let step = if count == 3 {
            self.pop_value()?
        } else {
            self.none
        };
        let stop = self.pop_value()?;
        let start = self.pop_value()?;
        let slice = self.new_result(Object::Slice { start, stop, step })?;
        self.push_value(slice)
    }

    /// `BINARY_SLICE`: `container[start:stop]`.
    pub(crate) fn binary_slice(&mut self) -> Result<(), Fault> {
        let stop = self.pop_value()?;
        let start = self.pop_value()?;
        let container = self.pop_value()?;
        let step = self.none;
        let slice = self.new_result(Object::Slice { start, stop, step })?;
        let started = self.getitem_slot(container, slice);
        if started.as_ref().map_or(true, |started| *started) {
            self.release(&[slice, container]);
            return started.map(|_| ());
        }
        let result = self.get_item(container, slice);
        self.release(&[slice, container]);
        let result = result?;
        self.push_value(result)
    }

    /// `STORE_SLICE`: `container[start:stop] = value`.
    pub(crate) fn store_slice(&mut self) -> Result<(), Fault> {
        let stop = self.pop_value()?;
        let start = self.pop_value()?;
        let container = self.pop_value()?;
        let value = self.pop_value()?;
        let step = self.none;
        let slice = self.new_result(Object::Slice { start, stop, step })?;
        let started = self.setitem_slot(container, slice, Some(value));
        if started.as_ref().map_or(true, |started| *started) {
            self.release(&[slice, container, value]);
            return started.map(|_| ());
        }
        let result = self.set_item(container, slice, value);
        self.release(&[slice, container, value]);
        result
    }

    /// The container `depth` places down the stack (for `LIST_APPEND`, `MAP_ADD`, …).
    pub(crate) fn stack_item(&mut self, depth: u32) -> Result<ObjId, Fault> {
        let stack = &self.frame()?.stack;
        stack
            .len()
            .checked_sub(depth as usize)
            .and_then(|index| stack[index])
            .ok_or_else(|| Fault::Internal("a container below the stack".to_string()))
    }

    /// `LIST_APPEND i`: pop a value and append it to the list `i` places down.
    pub(crate) fn list_append(&mut self, depth: u32) -> Result<(), Fault> {
        let value = self.pop_value()?;
        let list = self.stack_item(depth)?;
        if self.sequence_length(list).unwrap_or(0) >= MAX_SEQUENCE_LENGTH
            || !self.heap.can_allocate(8)
        {
            self.heap.decref(value);
            return Err(memory_error().into());
        }
        self.heap.update(list, |object| {
            if let Object::List(items) = object {
                items.push(value);
            }
        });
        Ok(())
    }

    /// `MAP_ADD i`: pop a key and a value and add them to the dict `i` places down.
    pub(crate) fn map_add(&mut self, depth: u32) -> Result<(), Fault> {
        let value = self.pop_value()?;
        let key = self.pop_value()?;
        let dict = self.stack_item(depth)?;
        let result = self.dict_set(dict, key, value);
        self.release(&[key, value]);
        result
    }

    /// `DICT_UPDATE i` / `DICT_MERGE i`: pop a mapping into the dict `i` places down
    /// (`{**m}` and `f(**m)`; the merge refuses a key given twice).
    pub(crate) fn dict_update(&mut self, depth: u32, merge: bool) -> Result<(), Fault> {
        let source = self.pop_value()?;
        let dict = self.stack_item(depth)?;
        let pairs = match self.heap.get(source) {
            Some(Object::Dict(pairs)) => pairs.clone(),
            other => {
                let kind = other.map_or("object", Object::type_name).to_string();
                self.heap.decref(source);
                return Err(
                    Raise::new("TypeError", format!("'{kind}' object is not a mapping")).into(),
                );
            }
        };
        let mut result = Ok(());
        for (key, value) in pairs {
            if merge && self.dict_position(dict, key)?.is_some() {
                let name = repr(&self.heap, key)?;
                result = Err(Raise::new(
                    "TypeError",
                    format!("got multiple values for keyword argument {name}"),
                )
                .into());
                break;
            }
            if let Err(fault) = self.dict_set(dict, key, value) {
                result = Err(fault);
                break;
            }
        }
        self.heap.decref(source);
        result
    }
}

/// The `index`th character of `text` as a string.
fn nth_char(text: &str, index: usize) -> String {
    text.chars()
        .nth(index)
        .map(String::from)
        .unwrap_or_default()
}
