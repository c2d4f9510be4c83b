//! `list` methods.
//!
//! CPython: `Objects/listobject.c` (`list_methods[]`: `list_append`, `list_pop_impl`, …).

use num_bigint::BigInt;
use num_traits::{Signed, ToPrimitive};

use super::{as_index, as_ssize, expect_args, MethodDef};
use crate::builtins::Keywords;
use crate::heap::ObjId;
use crate::objects::{equal, memory_error, Object, Raise, MAX_SEQUENCE_LENGTH};
use crate::vm::{Fault, Vm};

pub(super) const METHODS: &[MethodDef] = &[
    MethodDef {
        name: "__getitem__",
        call: super::getitem,
    },
    MethodDef {
        name: "append",
        call: append,
    },
    MethodDef {
        name: "clear",
        call: clear,
    },
    MethodDef {
        name: "copy",
        call: copy,
    },
    MethodDef {
        name: "count",
        call: count,
    },
    MethodDef {
        name: "extend",
        call: extend,
    },
    MethodDef {
        name: "index",
        call: index,
    },
    MethodDef {
        name: "insert",
        call: insert,
    },
    MethodDef {
        name: "pop",
        call: pop,
    },
    MethodDef {
        name: "remove",
        call: remove,
    },
    MethodDef {
        name: "reverse",
        call: reverse,
    },
    MethodDef {
        name: "sort",
        call: sort,
    },
];

/// The list's items (borrowed ids).
fn items_of(vm: &Vm, list: ObjId) -> Vec<ObjId> {
    match vm.heap.get(list) {
        Some(Object::List(items)) => items.clone(),
        _ => Vec::new(),
    }
}

/// Replaces the list's items with `items` (whose references the list takes), returning the
/// old ones for the caller to release.
fn replace_items(vm: &mut Vm, list: ObjId, items: Vec<ObjId>) -> Vec<ObjId> {
    vm.heap
        .update(list, |object| match object {
            Object::List(old) => std::mem::replace(old, items),
            _ => Vec::new(),
        })
        .unwrap_or_default()
}

/// A `start`/`stop` bound of `index` (`_PyEval_SliceIndexNotNone`): "slice indices must be
/// integers or have an __index__ method".
pub(crate) fn slice_bound(vm: &Vm, id: ObjId, length: usize) -> Result<usize, Raise> {
    match vm.heap.get(id) {
        Some(Object::Int(_) | Object::Bool(_)) => Ok(clamp_index(&as_index(vm, id)?, length)),
        _ => Err(Raise::new(
            "TypeError",
            "slice indices must be integers or have an __index__ method",
        )),
    }
}

/// A position argument clamped as `list.insert` and `list.index` clamp it (negative counts
/// from the end, then into `0..=length`).
pub(crate) fn clamp_index(position: &BigInt, length: usize) -> usize {
    let length_big = BigInt::from(length);
    let adjusted = if position.is_negative() {
        position + &length_big
    } else {
        position.clone()
    };
    if adjusted.is_negative() {
        0
    } else {
        adjusted.to_usize().unwrap_or(length).min(length)
    }
}

/// `list.append(x)`: x goes at the end.
fn append(vm: &mut Vm, list: ObjId, args: &[ObjId], keywords: Keywords) -> Result<ObjId, Fault> {
    expect_args("list.append", args, keywords, 1, 1)?;
    let length = match vm.heap.get(list) {
        Some(Object::List(items)) => items.len(),
        _ => 0,
    };
    if length >= MAX_SEQUENCE_LENGTH || !vm.heap.can_allocate(8) {
        return Err(memory_error().into());
    }
    let item = args[0];
    vm.heap.incref(item);
    vm.heap.update(list, |object| {
        if let Object::List(items) = object {
            items.push(item);
        }
    });
    Ok(vm.none)
}

/// `list.copy()`: a shallow copy.
fn copy(vm: &mut Vm, list: ObjId, args: &[ObjId], keywords: Keywords) -> Result<ObjId, Fault> {
    expect_args("list.copy", args, keywords, 0, 0)?;
    let items = match vm.heap.get(list) {
        Some(Object::List(items)) => items.clone(),
        _ => Vec::new(),
    };
    for &item in &items {
        vm.heap.incref(item);
    }
    vm.new_result(Object::List(items))
}

/// `list.clear()`.
fn clear(vm: &mut Vm, list: ObjId, args: &[ObjId], keywords: Keywords) -> Result<ObjId, Fault> {
    expect_args("list.clear", args, keywords, 0, 0)?;
    let old = replace_items(vm, list, Vec::new());
    vm.release(&old);
    Ok(vm.none)
}

/// `list.count(x)`: how many items equal x.
fn count(vm: &mut Vm, list: ObjId, args: &[ObjId], keywords: Keywords) -> Result<ObjId, Fault> {
    expect_args("list.count", args, keywords, 1, 1)?;
    let mut total = 0usize;
    for item in items_of(vm, list) {
        if equal(&vm.heap, item, args[0])? {
            total += 1;
        }
    }
    Ok(vm.new_int(total.into()))
}

/// `list.extend(iterable)`.
fn extend(vm: &mut Vm, list: ObjId, args: &[ObjId], keywords: Keywords) -> Result<ObjId, Fault> {
    expect_args("list.extend", args, keywords, 1, 1)?;
    let new_items = vm.unpack_all(args[0])?;
    let length = items_of(vm, list).len();
    if length + new_items.len() > MAX_SEQUENCE_LENGTH || !vm.heap.can_allocate(8 * new_items.len())
    {
        vm.release(&new_items);
        return Err(memory_error().into());
    }
    vm.heap.update(list, |object| {
        if let Object::List(items) = object {
            items.extend(new_items);
        }
    });
    Ok(vm.none)
}

/// `list.index(x[, start[, stop]])`.
fn index(vm: &mut Vm, list: ObjId, args: &[ObjId], keywords: Keywords) -> Result<ObjId, Fault> {
    expect_args("list.index", args, keywords, 1, 3)?;
    let items = items_of(vm, list);
    let start = match args.get(1) {
        Some(&id) => slice_bound(vm, id, items.len())?,
        None => 0,
    };
    let stop = match args.get(2) {
        Some(&id) => slice_bound(vm, id, items.len())?,
        None => items.len(),
    };
    for (position, &item) in items.iter().enumerate().take(stop).skip(start) {
        if equal(&vm.heap, item, args[0])? {
            return Ok(vm.new_int(position.into()));
        }
    }
    Err(Raise::new("ValueError", "list.index(x): x not in list").into())
}

/// `list.insert(i, x)`: x before position i (clamped to the list).
fn insert(vm: &mut Vm, list: ObjId, args: &[ObjId], keywords: Keywords) -> Result<ObjId, Fault> {
    expect_args("list.insert", args, keywords, 2, 2)?;
    let length = items_of(vm, list).len();
    let position = clamp_index(&BigInt::from(as_ssize(vm, args[0])?), length);
    if length >= MAX_SEQUENCE_LENGTH || !vm.heap.can_allocate(8) {
        return Err(memory_error().into());
    }
    let item = args[1];
    vm.heap.incref(item);
    vm.heap.update(list, |object| {
        if let Object::List(items) = object {
            items.insert(position, item);
        }
    });
    Ok(vm.none)
}

/// `list.pop([i])`: removes and returns the item at i (default the last).
fn pop(vm: &mut Vm, list: ObjId, args: &[ObjId], keywords: Keywords) -> Result<ObjId, Fault> {
    expect_args("list.pop", args, keywords, 0, 1)?;
    let length = items_of(vm, list).len();
    let position = match args.first() {
        Some(&id) => BigInt::from(as_ssize(vm, id)?),
        None => BigInt::from(-1),
    };
    if length == 0 {
        return Err(Raise::new("IndexError", "pop from empty list").into());
    }
    let adjusted = if position.is_negative() {
        position + BigInt::from(length)
    } else {
        position
    };
    let Some(position) = adjusted.to_usize().filter(|&p| p < length) else {
        return Err(Raise::new("IndexError", "pop index out of range").into());
    };
    let item = vm
        .heap
        .update(list, |object| match object {
            Object::List(items) => Some(items.remove(position)),
            _ => None,
        })
        .flatten();
    // The list's reference becomes the caller's.
    item.ok_or_else(|| Fault::Internal("list.pop on a non-list".to_string()))
}

/// `list.remove(x)`: removes the first item equal to x.
fn remove(vm: &mut Vm, list: ObjId, args: &[ObjId], keywords: Keywords) -> Result<ObjId, Fault> {
    expect_args("list.remove", args, keywords, 1, 1)?;
    let items = items_of(vm, list);
    for (position, &item) in items.iter().enumerate() {
        if equal(&vm.heap, item, args[0])? {
            let removed = vm
                .heap
                .update(list, |object| match object {
                    Object::List(items) if position < items.len() => Some(items.remove(position)),
                    _ => None,
                })
                .flatten();
            if let Some(removed) = removed {
                vm.heap.decref(removed);
            }
            return Ok(vm.none);
        }
    }
    Err(Raise::new("ValueError", "list.remove(x): x not in list").into())
}

/// `list.reverse()`: in place.
fn reverse(vm: &mut Vm, list: ObjId, args: &[ObjId], keywords: Keywords) -> Result<ObjId, Fault> {
    expect_args("list.reverse", args, keywords, 0, 0)?;
    vm.heap.update(list, |object| {
        if let Object::List(items) = object {
            items.reverse();
        }
    });
    Ok(vm.none)
}

/// `list.sort(*, key=None, reverse=False)`: stable, in place.
fn sort(vm: &mut Vm, list: ObjId, args: &[ObjId], keywords: Keywords) -> Result<ObjId, Fault> {
    if !args.is_empty() {
        return Err(Raise::new("TypeError", "sort() takes no positional arguments").into());
    }
    let (key, reverse) = vm.sort_options("sort", keywords)?;
    // CPython empties the list while sorting so that a key function sees it empty; the
    // items keep the references the list held.
    let items = replace_items(vm, list, Vec::new());
    match vm.sort_items(items.clone(), key, reverse) {
        Ok(sorted) => {
            let during = replace_items(vm, list, sorted);
            vm.release(&during);
            Ok(vm.none)
        }
        Err(fault) => {
            let during = replace_items(vm, list, items);
            vm.release(&during);
            Err(fault)
        }
    }
}
