//! The `sys` module, as far as student programs use it.
//!
//! CPython: `Python/sysmodule.c` (`sys_methods[]`).

use num_bigint::BigInt;

use crate::builtins::Keywords;
use crate::heap::ObjId;
use crate::methods::{expect_args, MethodDef};
use crate::objects::{Object, Raise};
use crate::vm::{Fault, Vm};

pub(crate) const FUNCTIONS: &[MethodDef] = &[
    MethodDef {
        name: "exception",
        call: exception,
    },
    MethodDef {
        name: "getrecursionlimit",
        call: getrecursionlimit,
    },
    MethodDef {
        name: "setrecursionlimit",
        call: setrecursionlimit,
    },
    MethodDef {
        name: "intern",
        call: intern,
    },
    MethodDef {
        name: "exit",
        call: exit,
    },
];

/// `sys.maxsize` and `sys.argv`.
pub(crate) fn fill(vm: &mut Vm, dict: ObjId) {
    let maxsize = vm.new_int(BigInt::from(i64::MAX));
    vm.dict_set_str(dict, "maxsize", maxsize);
    vm.heap.decref(maxsize);
    let program = vm.intern(&vm.program_name());
    let argv = vm.heap.alloc(Object::List(vec![program]));
    vm.dict_set_str(dict, "argv", argv);
    vm.heap.decref(argv);
}

/// `sys.exception()`: the exception being handled (`_PyErr_GetTopmostException`), looking
/// past generators that handle none of their own.
fn exception(vm: &mut Vm, _: ObjId, args: &[ObjId], keywords: Keywords) -> Result<ObjId, Fault> {
    expect_args("sys.exception", args, keywords, 0, 0)?;
    let handled = vm.topmost_exception().unwrap_or(vm.none);
    vm.heap.incref(handled);
    Ok(handled)
}

fn getrecursionlimit(
    vm: &mut Vm,
    _: ObjId,
    args: &[ObjId],
    keywords: Keywords,
) -> Result<ObjId, Fault> {
    expect_args("sys.getrecursionlimit", args, keywords, 0, 0)?;
    Ok(vm.new_int(BigInt::from(vm.limits.recursion)))
}

fn setrecursionlimit(
    vm: &mut Vm,
    _: ObjId,
    args: &[ObjId],
    keywords: Keywords,
) -> Result<ObjId, Fault> {
    expect_args("sys.setrecursionlimit", args, keywords, 1, 1)?;
    let limit = match vm.heap.get(args[0]) {
        Some(Object::Int(i)) => i.clone(),
        _ => {
            return Err(Raise::new(
                "TypeError",
                "'float' object cannot be interpreted as an integer",
            )
            .into())
        }
    };
    let limit: u32 = match u32::try_from(&limit) {
        Ok(limit) if limit >= 1 => limit,
        _ => {
            return Err(Raise::new(
                "ValueError",
                "recursion limit must be greater or equal than 1",
            )
            .into())
        }
    };
    vm.limits.recursion = limit;
    Ok(vm.none)
}

/// `sys.intern(s)`: the interned string equal to `s`.
fn intern(vm: &mut Vm, _: ObjId, args: &[ObjId], keywords: Keywords) -> Result<ObjId, Fault> {
    expect_args("sys.intern", args, keywords, 1, 1)?;
    match vm.heap.get(args[0]) {
        Some(Object::Str(text)) => {
            let text = text.clone();
            Ok(vm.intern(&text))
        }
        _ => Err(Raise::new(
            "TypeError",
            format!(
                "intern() argument must be str, not {}",
                vm.type_name_of(args[0])
            ),
        )
        .into()),
    }
}

/// `sys.exit(status=None)`: raise `SystemExit(status)`; how the run ends is decided when it
/// is not caught (`handle_system_exit`).
fn exit(vm: &mut Vm, _: ObjId, args: &[ObjId], keywords: Keywords) -> Result<ObjId, Fault> {
    expect_args("exit", args, keywords, 0, 1)?;
    let class = vm
        .builtin_type("SystemExit")
        .ok_or_else(|| Fault::Internal("no SystemExit".to_string()))?;
    let exception = vm.new_exception_with(class, args, &[])?;
    Err(Fault::Exception(exception))
}
