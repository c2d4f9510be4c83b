//! Sorting for `list.sort` and `sorted`: stable, comparing with `<` only, and stopping at the
//! first comparison that raises.
//!
//! CPython: `Objects/listobject.c` (`list_sort_impl`, timsort). This is a plain merge sort,
//! not timsort: the result is the same (both are stable and use only `<`), the comparisons
//! made differ. Reverse sorting reverses, sorts and reverses back, as CPython does, so equal
//! items keep their order.

use crate::heap::{Heap, ObjId};
use crate::objects::{compare, Raise};
use crate::vm::{Fault, Vm};

/// `a < b` as `PyObject_RichCompareBool(a, b, Py_LT)`.
fn less_than(heap: &Heap, a: ObjId, b: ObjId) -> Result<bool, Raise> {
    compare(heap, 0, a, b)
}

/// Sorts `(key, item)` pairs by key, stably.
fn merge_sort(heap: &Heap, pairs: Vec<(ObjId, ObjId)>) -> Result<Vec<(ObjId, ObjId)>, Raise> {
    let mut runs: Vec<Vec<(ObjId, ObjId)>> = pairs.into_iter().map(|pair| vec![pair]).collect();
    while runs.len() > 1 {
        let mut merged = Vec::with_capacity(runs.len().div_ceil(2));
        let mut drain = runs.into_iter();
        while let Some(left) = drain.next() {
            match drain.next() {
                Some(right) => merged.push(merge(heap, left, right)?),
                None => merged.push(left),
            }
        }
        runs = merged;
    }
    Ok(runs.pop().unwrap_or_default())
}

/// Merges two sorted runs; an item of the right run goes first only when strictly less.
fn merge(
    heap: &Heap,
    left: Vec<(ObjId, ObjId)>,
    right: Vec<(ObjId, ObjId)>,
) -> Result<Vec<(ObjId, ObjId)>, Raise> {
    let mut out = Vec::with_capacity(left.len() + right.len());
    let (mut i, mut j) = (0, 0);
    while i < left.len() && j < right.len() {
        if less_than(heap, right[j].0, left[i].0)? {
            out.push(right[j]);
            j += 1;
        } else {
            out.push(left[i]);
            i += 1;
        }
    }
    out.extend_from_slice(&left[i..]);
    out.extend_from_slice(&right[j..]);
    Ok(out)
}

impl Vm {
    /// `items` sorted (borrowed ids in, the same ids out), by `key(item)` when a key function
    /// is given. The key results are released before returning.
    pub(crate) fn sort_items(
        &mut self,
        mut items: Vec<ObjId>,
        key: Option<ObjId>,
        reverse: bool,
    ) -> Result<Vec<ObjId>, Fault> {
        if reverse {
            items.reverse();
        }
        let mut keys = Vec::with_capacity(items.len());
        if let Some(function) = key {
            for &item in &items {
                match self.call_native(function, &[item]) {
                    Ok(value) => keys.push(value),
                    Err(fault) => {
                        self.release(&keys);
                        return Err(fault);
                    }
                }
            }
        }
        let pairs: Vec<(ObjId, ObjId)> = if key.is_some() {
            keys.iter().copied().zip(items.iter().copied()).collect()
        } else {
            items.iter().map(|&item| (item, item)).collect()
        };
        let sorted = merge_sort(&self.heap, pairs);
        self.release(&keys);
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
