//! `set` and `frozenset` methods. The algebra they share with the operators is in `sets.rs`.
//!
//! CPython: `Objects/setobject.c` (`set_methods[]`, `frozenset_methods[]`: `set_add_impl`,
//! `set_remove_impl`, `set_union_impl`, `set_intersection_multi_impl`, …).

use super::{expect_args, MethodDef};
use crate::builtins::Keywords;
use crate::heap::ObjId;
use crate::objects::Raise;
use crate::vm::{Fault, Vm};

macro_rules! method_table {
    ($($name:literal => $call:ident),* $(,)?) => {
        &[$(MethodDef { name: $name, call: $call }),*]
    };
}

pub(super) const SET_METHODS: &[MethodDef] = method_table! {
    "add" => add,
    "clear" => clear,
    "copy" => copy,
    "difference" => difference,
    "difference_update" => difference_update,
    "discard" => discard,
    "intersection" => intersection,
    "intersection_update" => intersection_update,
    "isdisjoint" => isdisjoint,
    "issubset" => issubset,
    "issuperset" => issuperset,
    "pop" => pop,
    "remove" => remove,
    "symmetric_difference" => symmetric_difference,
    "symmetric_difference_update" => symmetric_difference_update,
    "union" => union,
    "update" => update,
};

pub(super) const FROZENSET_METHODS: &[MethodDef] = method_table! {
    "copy" => copy,
    "difference" => difference,
    "intersection" => intersection,
    "isdisjoint" => isdisjoint,
    "issubset" => issubset,
    "issuperset" => issuperset,
    "symmetric_difference" => symmetric_difference,
    "union" => union,
};

/// `set.add` or `frozenset.copy`: the name as CPython's messages give it.
fn qualified(vm: &Vm, set: ObjId, name: &str) -> String {
    format!("{}.{name}", vm.type_name_of(set))
}

/// A method of one argument (`METH_O`).
fn one_arg(vm: &Vm, set: ObjId, name: &str, args: &[ObjId], kw: Keywords) -> Result<ObjId, Raise> {
    expect_args(&qualified(vm, set, name), args, kw, 1, 1)?;
    Ok(args[0])
}

/// `set_add_impl`.
fn add(vm: &mut Vm, set: ObjId, args: &[ObjId], kw: Keywords) -> Result<ObjId, Fault> {
    let key = one_arg(vm, set, "add", args, kw)?;
    vm.set_add_key(set, key)?;
    Ok(vm.none)
}

/// `set_clear_impl`.
fn clear(vm: &mut Vm, set: ObjId, args: &[ObjId], kw: Keywords) -> Result<ObjId, Fault> {
    expect_args(&qualified(vm, set, "clear"), args, kw, 0, 0)?;
    vm.set_clear(set);
    Ok(vm.none)
}

/// `set_copy_impl`; `frozenset.copy()` of a frozenset is the frozenset itself.
fn copy(vm: &mut Vm, set: ObjId, args: &[ObjId], kw: Keywords) -> Result<ObjId, Fault> {
    expect_args(&qualified(vm, set, "copy"), args, kw, 0, 0)?;
    if vm.set_kind(set) == Some(crate::sets::SetKind::Frozen) {
        vm.heap.incref(set);
        return Ok(set);
    }
    vm.set_copy(set)
}

/// `set_discard_impl`.
fn discard(vm: &mut Vm, set: ObjId, args: &[ObjId], kw: Keywords) -> Result<ObjId, Fault> {
    let key = one_arg(vm, set, "discard", args, kw)?;
    vm.set_discard_key(set, key)?;
    Ok(vm.none)
}

/// `set_remove_impl`: KeyError when the key is absent.
fn remove(vm: &mut Vm, set: ObjId, args: &[ObjId], kw: Keywords) -> Result<ObjId, Fault> {
    let key = one_arg(vm, set, "remove", args, kw)?;
    if !vm.set_discard_key(set, key)? {
        return Err(vm.key_error(key));
    }
    Ok(vm.none)
}

/// `set_pop_impl`.
fn pop(vm: &mut Vm, set: ObjId, args: &[ObjId], kw: Keywords) -> Result<ObjId, Fault> {
    expect_args(&qualified(vm, set, "pop"), args, kw, 0, 0)?;
    vm.set_pop(set)
}

/// A method taking `*others`: no keywords.
fn no_keywords(vm: &Vm, set: ObjId, name: &str, kw: Keywords) -> Result<(), Raise> {
    expect_args(&qualified(vm, set, name), &[], kw, 0, 0)
}

/// `set_union_impl`: a copy updated with each other iterable.
fn union(vm: &mut Vm, set: ObjId, args: &[ObjId], kw: Keywords) -> Result<ObjId, Fault> {
    no_keywords(vm, set, "union", kw)?;
    let result = vm.set_copy(set)?;
    for &other in args {
        if other == set {
            continue;
        }
        if let Err(fault) = vm.set_update_internal(result, other) {
            vm.heap.decref(result);
            return Err(fault);
        }
    }
    Ok(result)
}

/// `set_update_impl`.
fn update(vm: &mut Vm, set: ObjId, args: &[ObjId], kw: Keywords) -> Result<ObjId, Fault> {
    no_keywords(vm, set, "update", kw)?;
    for &other in args {
        vm.set_update_internal(set, other)?;
    }
    Ok(vm.none)
}

/// `set_intersection_multi_impl`: intersected with each other in turn.
fn intersection(vm: &mut Vm, set: ObjId, args: &[ObjId], kw: Keywords) -> Result<ObjId, Fault> {
    no_keywords(vm, set, "intersection", kw)?;
    if args.is_empty() {
        return vm.set_copy(set);
    }
    vm.heap.incref(set);
    let mut result = set;
    for &other in args {
        let next = vm.set_intersection(result, other);
        vm.heap.decref(result);
        result = next?;
    }
    Ok(result)
}

/// `set_intersection_update_multi_impl`.
fn intersection_update(
    vm: &mut Vm,
    set: ObjId,
    args: &[ObjId],
    kw: Keywords,
) -> Result<ObjId, Fault> {
    no_keywords(vm, set, "intersection_update", kw)?;
    for &other in args {
        vm.set_intersection_update(set, other)?;
    }
    Ok(vm.none)
}

/// `set_difference_multi_impl`.
fn difference(vm: &mut Vm, set: ObjId, args: &[ObjId], kw: Keywords) -> Result<ObjId, Fault> {
    no_keywords(vm, set, "difference", kw)?;
    let Some((&first, rest)) = args.split_first() else {
        return vm.set_copy(set);
    };
    let result = vm.set_difference(set, first)?;
    for &other in rest {
        if let Err(fault) = vm.set_difference_update(result, other) {
            vm.heap.decref(result);
            return Err(fault);
        }
    }
    Ok(result)
}

/// `set_difference_update_impl`.
fn difference_update(
    vm: &mut Vm,
    set: ObjId,
    args: &[ObjId],
    kw: Keywords,
) -> Result<ObjId, Fault> {
    no_keywords(vm, set, "difference_update", kw)?;
    for &other in args {
        vm.set_difference_update(set, other)?;
    }
    Ok(vm.none)
}

/// `set_symmetric_difference_impl`.
fn symmetric_difference(
    vm: &mut Vm,
    set: ObjId,
    args: &[ObjId],
    kw: Keywords,
) -> Result<ObjId, Fault> {
    let other = one_arg(vm, set, "symmetric_difference", args, kw)?;
    vm.set_symmetric_difference(set, other)
}

/// `set_symmetric_difference_update_impl`.
fn symmetric_difference_update(
    vm: &mut Vm,
    set: ObjId,
    args: &[ObjId],
    kw: Keywords,
) -> Result<ObjId, Fault> {
    let other = one_arg(vm, set, "symmetric_difference_update", args, kw)?;
    vm.set_symmetric_difference_update(set, other)?;
    Ok(vm.none)
}

/// `set_issubset_impl`.
fn issubset(vm: &mut Vm, set: ObjId, args: &[ObjId], kw: Keywords) -> Result<ObjId, Fault> {
    let other = one_arg(vm, set, "issubset", args, kw)?;
    let answer = vm.set_issubset(set, other)?;
    Ok(vm.new_bool(answer))
}

/// `set_issuperset_impl`.
fn issuperset(vm: &mut Vm, set: ObjId, args: &[ObjId], kw: Keywords) -> Result<ObjId, Fault> {
    let other = one_arg(vm, set, "issuperset", args, kw)?;
    let answer = vm.set_issuperset(set, other)?;
    Ok(vm.new_bool(answer))
}

/// `set_isdisjoint_impl`.
fn isdisjoint(vm: &mut Vm, set: ObjId, args: &[ObjId], kw: Keywords) -> Result<ObjId, Fault> {
    let other = one_arg(vm, set, "isdisjoint", args, kw)?;
    let answer = vm.set_isdisjoint(set, other)?;
    Ok(vm.new_bool(answer))
}
