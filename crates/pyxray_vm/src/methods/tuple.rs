//! `tuple` methods.
//!
//! CPython: `Objects/tupleobject.c` (`tuple_methods[]`: `tuple_index_impl`, `tuple_count`).

use num_bigint::BigInt;
use num_traits::Signed;

use super::list::slice_bound;
use super::{expect_args, MethodDef};
use crate::builtins::Keywords;
use crate::heap::ObjId;
use crate::objects::{equal, Object, Raise};
use crate::vm::{Fault, Vm};

pub(super) const METHODS: &[MethodDef] = &[
    MethodDef {
        name: "count",
        call: count,
    },
    MethodDef {
        name: "index",
        call: index,
    },
];

fn items_of(vm: &Vm, tuple: ObjId) -> Vec<ObjId> {
    match vm.heap.get(tuple) {
        Some(Object::Tuple(items)) => items.clone(),
        _ => Vec::new(),
    }
}

/// `tuple.count(x)`.
fn count(vm: &mut Vm, tuple: ObjId, args: &[ObjId], keywords: Keywords) -> Result<ObjId, Fault> {
    expect_args("tuple.count", args, keywords, 1, 1)?;
    let mut total = 0usize;
    for item in items_of(vm, tuple) {
        if equal(&vm.heap, item, args[0])? {
            total += 1;
        }
    }
    Ok(vm.new_int(total.into()))
}

/// `tuple.index(x[, start[, stop]])`.
fn index(vm: &mut Vm, tuple: ObjId, args: &[ObjId], keywords: Keywords) -> Result<ObjId, Fault> {
    expect_args("tuple.index", args, keywords, 1, 3)?;
    let items = items_of(vm, tuple);
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
            return Ok(vm.new_int(BigInt::from(position).abs()));
        }
    }
    Err(Raise::new("ValueError", "tuple.index(x): x not in tuple").into())
}
