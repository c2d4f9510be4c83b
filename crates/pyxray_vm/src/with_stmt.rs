//! `with` statements: `LOAD_SPECIAL` finds `__enter__`/`__exit__` on the context manager's
//! class, and `WITH_EXCEPT_START` calls `__exit__` with the exception that left the body.
//! Both methods of a user class run as frames the student steps through (the `CALL` that
//! follows `LOAD_SPECIAL`, and the call `WITH_EXCEPT_START` makes, push them).
//!
//! CPython: `Python/bytecodes.c` (`LOAD_SPECIAL`, `WITH_EXCEPT_START`), `Python/ceval.c`
//! (`_Py_SpecialMethods`, the "does not support the context manager protocol" errors),
//! `Python/codegen.c` (`codegen_with`).

use crate::heap::ObjId;
use crate::objects::{Object, Raise};
use crate::vm::{Fault, Vm};

/// `_Py_SpecialMethods`: `LOAD_SPECIAL`'s operand names the method.
const SPECIAL_METHODS: [&str; 4] = ["__enter__", "__exit__", "__aenter__", "__aexit__"];

impl Vm {
    /// `LOAD_SPECIAL oparg`: pop the context manager; push its class's method and the
    /// manager as `self` (so the `CALL` after it passes it).
    pub(crate) fn load_special(&mut self, oparg: u32) -> Result<(), Fault> {
        let owner = self.pop_value()?;
        let name = *SPECIAL_METHODS
            .get(oparg as usize)
            .ok_or_else(|| Fault::Internal(format!("no special method {oparg}")))?;
        let class = match self.heap.get(owner) {
            Some(Object::Instance { class, .. }) => Some(*class),
            Some(Object::Exception(e)) => Some(e.class),
            _ => None,
        };
        let method = class.and_then(|class| self.lookup_in_mro(class, name));
        let Some(method) = method else {
            let kind = self.type_name_of(owner);
            self.heap.decref(owner);
            let protocol = if oparg < 2 {
                "the context manager protocol"
            } else {
                "the asynchronous context manager protocol"
            };
            return Err(Raise::new(
                "TypeError",
                format!("'{kind}' object does not support {protocol} (missed {name} method)"),
            )
            .into());
        };
        if matches!(self.heap.get(method), Some(Object::Function(_))) {
            self.push_new_ref(method)?;
            return self.push_value(owner);
        }
        self.heap.decref(owner);
        self.push_new_ref(method)?;
        self.push(None)
    }

    /// `WITH_EXCEPT_START`: the stack holds `__exit__`, its self (or NULL), `lasti`, the
    /// previous exception and the exception; call `__exit__(type, value, traceback)` and push
    /// what it returns (a true value suppresses the exception).
    pub(crate) fn with_except_start(&mut self) -> Result<(), Fault> {
        let stack = &self.frame()?.stack;
        let len = stack.len();
        if len < 5 {
            return Err(Fault::Internal(
                "WITH_EXCEPT_START below the stack".to_string(),
            ));
        }
        let (exit_func, exit_self, value) = (stack[len - 5], stack[len - 4], stack[len - 1]);
        let exit_func = exit_func
            .ok_or_else(|| Fault::Internal("WITH_EXCEPT_START without __exit__".to_string()))?;
        let value = value
            .ok_or_else(|| Fault::Internal("WITH_EXCEPT_START without an exception".to_string()))?;
        let kind = match self.heap.get(value) {
            Some(Object::Exception(e)) => e.class,
            _ => self.none,
        };
        let traceback = self.traceback_of(value)?;
        let mut args: Vec<ObjId> = exit_self.into_iter().collect();
        args.extend([kind, value]);
        for &arg in &args {
            self.heap.incref(arg);
        }
        args.push(traceback);
        self.heap.incref(exit_func);
        let count = args.len();
        self.call_values(exit_func, args, count, Vec::new())
    }
}
