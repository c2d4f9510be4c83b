//! `dict` methods, and the views `keys()`, `values()` and `items()` return.
//!
//! CPython: `Objects/dictobject.c` (`mapp_methods[]`: `dict_get_impl`, `dict_pop_impl`,
//! `dict_popitem_impl`, `dict_setdefault_impl`, `dict_update`, `dict_copy`, `dict_clear`,
//! `dictkeys_new`, `dictvalues_new`, `dictitems_new`, `dict_or`, `dict_ior`).

use super::{expect_args, MethodDef};
use crate::builtins::Keywords;
use crate::heap::ObjId;
use crate::objects::{DictViewKind, Object, Raise};
use crate::vm::{Fault, Vm};

pub(super) const METHODS: &[MethodDef] = &[
    MethodDef {
        name: "clear",
        call: clear,
    },
    MethodDef {
        name: "copy",
        call: copy,
    },
    MethodDef {
        name: "fromkeys",
        call: fromkeys,
    },
    MethodDef {
        name: "get",
        call: get,
    },
    MethodDef {
        name: "items",
        call: items,
    },
    MethodDef {
        name: "keys",
        call: keys,
    },
    MethodDef {
        name: "pop",
        call: pop,
    },
    MethodDef {
        name: "popitem",
        call: popitem,
    },
    MethodDef {
        name: "setdefault",
        call: setdefault,
    },
    MethodDef {
        name: "update",
        call: update,
    },
    MethodDef {
        name: "values",
        call: values,
    },
];

/// The dict's pairs (borrowed ids).
fn pairs_of(vm: &Vm, dict: ObjId) -> Vec<(ObjId, ObjId)> {
    match vm.heap.get(dict) {
        Some(Object::Dict(pairs)) => pairs.clone(),
        _ => Vec::new(),
    }
}

/// The value stored for `key`, borrowed.
fn lookup(vm: &Vm, dict: ObjId, key: ObjId) -> Result<Option<ObjId>, Fault> {
    let position = vm.dict_position(dict, key)?;
    Ok(position.and_then(|index| pairs_of(vm, dict).get(index).map(|&(_, value)| value)))
}

/// Removes the pair at `index`, giving back its references.
fn remove_at(vm: &mut Vm, dict: ObjId, index: usize) -> Option<(ObjId, ObjId)> {
    vm.heap
        .update(dict, |object| match object {
            Object::Dict(pairs) if index < pairs.len() => Some(pairs.remove(index)),
            _ => None,
        })
        .flatten()
}

/// `dict.clear()`.
fn clear(vm: &mut Vm, dict: ObjId, args: &[ObjId], keywords: Keywords) -> Result<ObjId, Fault> {
    expect_args("dict.clear", args, keywords, 0, 0)?;
    let old = vm
        .heap
        .update(dict, |object| match object {
            Object::Dict(pairs) => std::mem::take(pairs),
            _ => Vec::new(),
        })
        .unwrap_or_default();
    for (key, value) in old {
        vm.heap.decref(key);
        vm.heap.decref(value);
    }
    Ok(vm.none)
}

/// `dict.copy()`: a shallow copy.
fn copy(vm: &mut Vm, dict: ObjId, args: &[ObjId], keywords: Keywords) -> Result<ObjId, Fault> {
    expect_args("dict.copy", args, keywords, 0, 0)?;
    let pairs = pairs_of(vm, dict);
    for &(key, value) in &pairs {
        vm.heap.incref(key);
        vm.heap.incref(value);
    }
    vm.new_result(Object::Dict(pairs))
}

/// `dict.fromkeys(iterable, value=None)`, a class method: a new dict mapping each item to
/// the same value.
fn fromkeys(vm: &mut Vm, _: ObjId, args: &[ObjId], keywords: Keywords) -> Result<ObjId, Fault> {
    expect_args("dict.fromkeys", args, keywords, 1, 2)?;
    let keys = vm.unpack_all(args[0])?;
    let value = args.get(1).copied().unwrap_or(vm.none);
    let dict = match vm.new_result(Object::Dict(Vec::new())) {
        Ok(dict) => dict,
        Err(fault) => {
            vm.release(&keys);
            return Err(fault);
        }
    };
    let mut outcome = Ok(());
    for &key in &keys {
        if let Err(fault) = vm.dict_set(dict, key, value) {
            outcome = Err(fault);
            break;
        }
    }
    vm.release(&keys);
    match outcome {
        Ok(()) => Ok(dict),
        Err(fault) => {
            vm.heap.decref(dict);
            Err(fault)
        }
    }
}

/// `dict.get(key, default=None)`.
fn get(vm: &mut Vm, dict: ObjId, args: &[ObjId], keywords: Keywords) -> Result<ObjId, Fault> {
    expect_args("dict.get", args, keywords, 1, 2)?;
    let found = lookup(vm, dict, args[0])?;
    let result = found.or(args.get(1).copied()).unwrap_or(vm.none);
    vm.heap.incref(result);
    Ok(result)
}

fn view(vm: &mut Vm, dict: ObjId, kind: DictViewKind) -> Result<ObjId, Fault> {
    vm.heap.incref(dict);
    vm.new_result(Object::DictView { kind, dict })
}

/// `dict.keys()`: a view of the keys.
fn keys(vm: &mut Vm, dict: ObjId, args: &[ObjId], keywords: Keywords) -> Result<ObjId, Fault> {
    expect_args("dict.keys", args, keywords, 0, 0)?;
    view(vm, dict, DictViewKind::Keys)
}

/// `dict.values()`: a view of the values.
fn values(vm: &mut Vm, dict: ObjId, args: &[ObjId], keywords: Keywords) -> Result<ObjId, Fault> {
    expect_args("dict.values", args, keywords, 0, 0)?;
    view(vm, dict, DictViewKind::Values)
}

/// `dict.items()`: a view of the (key, value) pairs.
fn items(vm: &mut Vm, dict: ObjId, args: &[ObjId], keywords: Keywords) -> Result<ObjId, Fault> {
    expect_args("dict.items", args, keywords, 0, 0)?;
    view(vm, dict, DictViewKind::Items)
}

/// `dict.pop(key[, default])`: removes the key and returns its value.
fn pop(vm: &mut Vm, dict: ObjId, args: &[ObjId], keywords: Keywords) -> Result<ObjId, Fault> {
    expect_args("dict.pop", args, keywords, 1, 2)?;
    // An empty dict answers before hashing the key, as CPython's fast path does.
    let position = if pairs_of(vm, dict).is_empty() {
        None
    } else {
        vm.dict_position(dict, args[0])?
    };
    match position {
        Some(index) => match remove_at(vm, dict, index) {
            Some((key, value)) => {
                vm.heap.decref(key);
                Ok(value)
            }
            None => Err(Fault::Internal("dict.pop lost its pair".to_string())),
        },
        None => match args.get(1) {
            Some(&default) => {
                vm.heap.incref(default);
                Ok(default)
            }
            None => Err(vm.key_error(args[0])),
        },
    }
}

/// `dict.popitem()`: removes and returns the last pair inserted.
fn popitem(vm: &mut Vm, dict: ObjId, args: &[ObjId], keywords: Keywords) -> Result<ObjId, Fault> {
    expect_args("dict.popitem", args, keywords, 0, 0)?;
    let length = pairs_of(vm, dict).len();
    match length
        .checked_sub(1)
        .and_then(|last| remove_at(vm, dict, last))
    {
        Some((key, value)) => vm.new_result(Object::Tuple(vec![key, value])),
        None => Err(Raise::new("KeyError", "'popitem(): dictionary is empty'").into()),
    }
}

/// `dict.setdefault(key, default=None)`: the value for key, inserting default if absent.
fn setdefault(
    vm: &mut Vm,
    dict: ObjId,
    args: &[ObjId],
    keywords: Keywords,
) -> Result<ObjId, Fault> {
    expect_args("dict.setdefault", args, keywords, 1, 2)?;
    let result = match lookup(vm, dict, args[0])? {
        Some(value) => value,
        None => {
            let default = args.get(1).copied().unwrap_or(vm.none);
            vm.dict_set(dict, args[0], default)?;
            default
        }
    };
    vm.heap.incref(result);
    Ok(result)
}

/// `dict.update([other], **kwargs)`: pairs from a dict or an iterable of pairs, then the
/// keyword arguments.
fn update(vm: &mut Vm, dict: ObjId, args: &[ObjId], keywords: Keywords) -> Result<ObjId, Fault> {
    if args.len() > 1 {
        return Err(Raise::new(
            "TypeError",
            format!("update expected at most 1 argument, got {}", args.len()),
        )
        .into());
    }
    if let Some(&other) = args.first() {
        update_from(vm, dict, other)?;
    }
    for (name, value) in keywords {
        let key = vm.new_str(name.clone());
        let stored = vm.dict_set(dict, key, *value);
        vm.heap.decref(key);
        stored?;
    }
    Ok(vm.none)
}

/// `dict_merge` / `dict_merge_from_seq2`.
fn update_from(vm: &mut Vm, dict: ObjId, other: ObjId) -> Result<(), Fault> {
    if let Some(Object::Dict(pairs)) = vm.heap.get(other) {
        for (key, value) in pairs.clone() {
            vm.dict_set(dict, key, value)?;
        }
        return Ok(());
    }
    let elements = vm.unpack_all(other)?;
    let mut outcome = Ok(());
    for (index, &element) in elements.iter().enumerate() {
        let pair = match vm.unpack_all(element) {
            Ok(pair) => pair,
            Err(Fault::Raise(raise)) if raise.type_name == "TypeError" => {
                outcome = Err(Raise::new("TypeError", "object is not iterable").into());
                break;
            }
            Err(fault) => {
                outcome = Err(fault);
                break;
            }
        };
        if pair.len() != 2 {
            vm.release(&pair);
            outcome = Err(Raise::new(
                "ValueError",
                format!(
                    "dictionary update sequence element #{index} has length {}; 2 is required",
                    pair.len()
                ),
            )
            .into());
            break;
        }
        let stored = vm.dict_set(dict, pair[0], pair[1]);
        vm.release(&pair);
        if let Err(fault) = stored {
            outcome = Err(fault);
            break;
        }
    }
    vm.release(&elements);
    outcome
}

impl Vm {
    /// `dict | dict` (a new merged dict) and `dict |= mapping` (an update in place); `None`
    /// when the operands are not for these.
    pub(crate) fn dict_binary_op(
        &mut self,
        oparg: u32,
        left: ObjId,
        right: ObjId,
    ) -> Result<Option<ObjId>, Fault> {
        const OR: u32 = 7;
        const INPLACE_OR: u32 = 20;
        if oparg != OR && oparg != INPLACE_OR {
            return Ok(None);
        }
        if !matches!(self.heap.get(left), Some(Object::Dict(_))) {
            return Ok(None);
        }
        if oparg == INPLACE_OR {
            update_from(self, left, right)?;
            self.heap.incref(left);
            return Ok(Some(left));
        }
        if !matches!(self.heap.get(right), Some(Object::Dict(_))) {
            return Ok(None);
        }
        let pairs = pairs_of(self, left);
        for &(key, value) in &pairs {
            self.heap.incref(key);
            self.heap.incref(value);
        }
        let merged = self.new_result(Object::Dict(pairs))?;
        if let Err(fault) = update_from(self, merged, right) {
            self.heap.decref(merged);
            return Err(fault);
        }
        Ok(Some(merged))
    }
}
