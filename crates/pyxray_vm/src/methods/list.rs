//! `list` methods.
//!
//! CPython: `Objects/listobject.c` (`list_methods[]`: `list_append`, `list_pop_impl`, …).

use super::{expect_args, MethodDef};
use crate::builtins::Keywords;
use crate::heap::ObjId;
use crate::objects::{memory_error, Object, MAX_SEQUENCE_LENGTH};
use crate::vm::{Fault, Vm};

pub(super) const METHODS: &[MethodDef] = &[
    MethodDef {
        name: "append",
        call: append,
    },
    MethodDef {
        name: "copy",
        call: copy,
    },
];

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
