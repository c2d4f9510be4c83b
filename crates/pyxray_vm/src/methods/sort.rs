//! Sorting for `list.sort` and `sorted`: stable, comparing with `<` only, and stopping at the
//! first comparison that raises.
//!
//! CPython: `Objects/listobject.c` (`list_sort_impl`, timsort). This is a plain merge sort,
//! not timsort: the result is the same (both are stable and use only `<`), the comparisons
//! made differ. Reverse sorting reverses, sorts and reverses back, as CPython does, so equal
//! items keep their order.

use crate::heap::{Heap, ObjId};
use crate::objects::{compare, Object, Raise};
use crate::vm::{Fault, Vm};

/// `a < b` as `PyObject_RichCompareBool(a, b, Py_LT)`, with the common same-type cases
/// (CPython's `unsafe_long_compare`, `unsafe_latin_compare`, `unsafe_float_compare`) read
/// directly.
fn less_than(heap: &Heap, a: ObjId, b: ObjId) -> Result<bool, Raise> {
    match (heap.get(a), heap.get(b)) {
        (Some(Object::Int(x)), Some(Object::Int(y))) => Ok(x < y),
        (Some(Object::Str(x)), Some(Object::Str(y))) => Ok(x < y),
        (Some(Object::Float(x)), Some(Object::Float(y))) => Ok(x < y),
        _ => compare(heap, 0, a, b),
    }
}

/// Sorts `(key, item)` pairs by key, stably: bottom-up merges of doubling runs between two
/// buffers.
fn merge_sort(heap: &Heap, pairs: Vec<(ObjId, ObjId)>) -> Result<Vec<(ObjId, ObjId)>, Raise> {
    let length = pairs.len();
    let mut source = pairs;
    let mut target = source.clone();
    let mut width = 1;
    while width < length {
        let mut start = 0;
        while start < length {
            let middle = (start + width).min(length);
            let end = (start + 2 * width).min(length);
            merge(
                heap,
                &source[start..middle],
                &source[middle..end],
                &mut target[start..end],
            )?;
            start = end;
        }
        std::mem::swap(&mut source, &mut target);
        width *= 2;
    }
    Ok(source)
}

/// Merges two sorted runs into `out`; an item of the right run goes first only when strictly
/// less, which keeps equal items in order.
fn merge(
    heap: &Heap,
    left: &[(ObjId, ObjId)],
    right: &[(ObjId, ObjId)],
    out: &mut [(ObjId, ObjId)],
) -> Result<(), Raise> {
    let (mut i, mut j) = (0, 0);
    for slot in out.iter_mut() {
        let take_right = if i == left.len() {
            true
        } else if j == right.len() {
            false
        } else {
            less_than(heap, right[j].0, left[i].0)?
        };
        if take_right {
            *slot = right[j];
            j += 1;
        } else {
            *slot = left[i];
            i += 1;
        }
    }
    Ok(())
}

impl Vm {
    /// `items` sorted (borrowed ids in, the same ids out), by `key(item)` when a key function
    /// is given: the keys are computed in item order, as `list_sort_impl` does.
    pub(crate) fn sort_items(
        &mut self,
        items: Vec<ObjId>,
        key: Option<ObjId>,
        reverse: bool,
    ) -> Result<Vec<ObjId>, Fault> {
        let Some(function) = key else {
            return self.sort_by(items, None, reverse);
        };
        let mut keys = Vec::with_capacity(items.len());
        for &item in &items {
            match self.call_native(function, &[item]) {
                Ok(value) => keys.push(value),
                Err(fault) => {
                    self.release(&keys);
                    return Err(fault);
                }
            }
        }
        self.sort_by(items, Some(keys), reverse)
    }

    /// Sorts `items` by keys already computed (owned, one per item, released here), stably,
    /// as `sort_items` does once it has called the key function.
    pub(crate) fn sort_with_keys(
        &mut self,
        items: Vec<ObjId>,
        keys: Vec<ObjId>,
        reverse: bool,
    ) -> Result<Vec<ObjId>, Fault> {
        self.sort_by(items, Some(keys), reverse)
    }

    /// The stable sort itself, by `keys` (owned, released here) or by the items themselves;
    /// `reverse` keeps equal items in their order, as CPython's reversed sort does.
    fn sort_by(
        &mut self,
        mut items: Vec<ObjId>,
        mut keys: Option<Vec<ObjId>>,
        reverse: bool,
    ) -> Result<Vec<ObjId>, Fault> {
        if reverse {
            items.reverse();
            if let Some(keys) = keys.as_mut() {
                keys.reverse();
            }
        }
        let pairs: Vec<(ObjId, ObjId)> = match &keys {
            Some(keys) => keys.iter().copied().zip(items.iter().copied()).collect(),
            None => items.iter().map(|&item| (item, item)).collect(),
        };
        let sorted = merge_sort(&self.heap, pairs);
        if let Some(keys) = &keys {
            self.release(keys);
        }
        let mut sorted: Vec<ObjId> = sorted?.into_iter().map(|(_, item)| item).collect();
        if reverse {
            sorted.reverse();
        }
        Ok(sorted)
    }

    /// The `key=` and `reverse=` keywords of `list.sort` and `sorted`.
    pub(crate) fn sort_options(
        &self,
        function: &str,
        keywords: crate::builtins::Keywords,
    ) -> Result<(Option<ObjId>, bool), Raise> {
        let mut key = None;
        let mut reverse = false;
        for (name, value) in super::take_keywords(function, keywords, &["key", "reverse"])? {
            if name == "key" {
                if !matches!(self.heap.get(value), Some(crate::objects::Object::None)) {
                    key = Some(value);
                }
            } else {
                reverse = crate::objects::is_true(&self.heap, value);
            }
        }
        Ok((key, reverse))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn merge_sort_is_stable_and_sorted() {
        let mut heap = Heap::new();
        let keys: Vec<ObjId> = [3, 1, 2, 1, 3, 0, 2]
            .iter()
            .map(|&k| heap.alloc(Object::Int(k.into())))
            .collect();
        let items: Vec<ObjId> = (0..keys.len())
            .map(|i| heap.alloc(Object::Int(i.into())))
            .collect();
        let pairs: Vec<(ObjId, ObjId)> = keys.iter().copied().zip(items.iter().copied()).collect();
        let sorted = merge_sort(&heap, pairs).expect("ints compare");
        let order: Vec<usize> = sorted
            .iter()
            .map(|(_, item)| items.iter().position(|i| i == item).unwrap_or(99))
            .collect();
        assert_eq!(order, [5, 1, 3, 2, 6, 0, 4]);
    }
}
