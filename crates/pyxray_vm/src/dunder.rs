//! `__str__` and `__repr__` of user classes, called from inside an instruction: `print(p)`,
//! `str(p)`, `repr(p)` and f-strings run the method as a frame the student can step through;
//! the instruction completes when that frame returns (`ReturnAction`).
//!
//! CPython: `Objects/object.c` (`PyObject_Str`, `PyObject_Repr`: "__str__ returned non-string"),
//! `Objects/typeobject.c` (`slot_tp_str`, `slot_tp_repr`), `Python/bltinmodule.c`
//! (`builtin_print_impl`). CPython calls these on its C stack; pyxray keeps print's progress in
//! the frame's return action instead (a resumable native call).

use crate::heap::ObjId;
use crate::native_call::Continuation;
use crate::objects::{Object, Raise};
use crate::vm::{Fault, Vm};

impl Vm {
    /// The user method `__str__` (falling back to `__repr__`) or `__repr__` of an instance,
    /// when its class defines one.
    pub(crate) fn user_text_method(&self, value: ObjId, want_repr: bool) -> Option<ObjId> {
        let class = match self.heap.get(value) {
            Some(Object::Instance { class, .. }) => *class,
            _ => return None,
        };
        let is_function = |id: ObjId| matches!(self.heap.get(id), Some(Object::Function(_)));
        let repr = self
            .lookup_in_mro(class, "__repr__")
            .filter(|&f| is_function(f));
        if want_repr {
            return repr;
        }
        // `object.__str__` calls `__repr__`: a class with only `__repr__` prints with it.
        let str_method = self
            .lookup_in_mro(class, "__str__")
            .filter(|&f| is_function(f));
        str_method.or(repr)
    }

    /// print's `sep` and `end` (`file` and `flush` are accepted and have nothing to do).
    pub(crate) fn print_separators(
        &self,
        keywords: &[(String, ObjId)],
    ) -> Result<(String, String), Fault> {
        let mut sep = " ".to_string();
        let mut end = "\n".to_string();
        for (name, value) in keywords {
            let target = match name.as_str() {
                "sep" => &mut sep,
                "end" => &mut end,
                "file" | "flush" => continue,
                other => {
                    return Err(Raise::new(
                        "TypeError",
                        format!("print() got an unexpected keyword argument '{other}'"),
                    )
                    .into())
                }
            };
            match self.heap.get(*value) {
                Some(Object::None) => {}
                Some(Object::Str(s)) => *target = s.clone(),
                _ => {
                    let kind = self.type_name_of(*value);
                    return Err(Raise::new(
                        "TypeError",
                        format!("{name} must be None or a string, not {kind}"),
                    )
                    .into());
                }
            }
        }
        Ok((sep, end))
    }
}

/// The method names of `BINARY_OP`'s operators (`NB_ADD` … `NB_INPLACE_XOR`), and their
/// reflected forms; in-place operators fall back to the plain ones.
const BINARY_DUNDERS: [(&str, &str); 13] = [
    ("__add__", "__radd__"),
    ("__and__", "__rand__"),
    ("__floordiv__", "__rfloordiv__"),
    ("__lshift__", "__rlshift__"),
    ("__matmul__", "__rmatmul__"),
    ("__mul__", "__rmul__"),
    ("__mod__", "__rmod__"),
    ("__or__", "__ror__"),
    ("__pow__", "__rpow__"),
    ("__rshift__", "__rrshift__"),
    ("__sub__", "__rsub__"),
    ("__truediv__", "__rtruediv__"),
    ("__xor__", "__rxor__"),
];

/// `COMPARE_OP`'s operators as rich-comparison methods, with their reflections.
const COMPARE_DUNDERS: [(&str, &str); 6] = [
    ("__lt__", "__gt__"),
    ("__le__", "__ge__"),
    ("__eq__", "__eq__"),
    ("__ne__", "__ne__"),
    ("__gt__", "__lt__"),
    ("__ge__", "__le__"),
];

/// An operator method's frame (`__add__`, `__eq__`, …) that `BINARY_OP`/`COMPARE_OP` waits
/// for, with the operands (owned) and whether it is the reflected method.
#[derive(Clone, Debug, PartialEq)]
struct OperatorCall {
    op: DunderOp,
    left: ObjId,
    right: ObjId,
    reflected: bool,
}

impl Continuation for OperatorCall {
    fn name(&self) -> &'static str {
        match self.op {
            DunderOp::Binary(_) => "BINARY_OP",
            DunderOp::Compare(..) => "COMPARE_OP",
        }
    }

    fn references(&self) -> Vec<ObjId> {
        vec![self.left, self.right]
    }

    fn resume(self: Box<Self>, vm: &mut Vm, returned: ObjId) -> Result<(), Fault> {
        vm.dunder_returned(self.op, self.left, self.right, self.reflected, returned)
    }
}

/// Which operation a dunder frame is part of, for what follows its return.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum DunderOp {
    /// `BINARY_OP oparg`.
    Binary(u32),
    /// `COMPARE_OP`: the comparison (index into `dis.cmp_op`) and whether to make it a bool.
    Compare(u32, bool),
}

impl Vm {
    /// A user method `name` of the class of `value`, when it is an instance of a user class.
    pub(crate) fn user_method(&self, value: ObjId, name: &str) -> Option<ObjId> {
        let class = match self.heap.get(value) {
            Some(Object::Instance { class, .. }) => *class,
            _ => return None,
        };
        self.lookup_in_mro(class, name)
            .filter(|&f| matches!(self.heap.get(f), Some(Object::Function(_))))
    }

    fn dunder_names(op: DunderOp) -> (&'static str, &'static str) {
        match op {
            DunderOp::Binary(oparg) => {
                let base = if (13..26).contains(&oparg) {
                    oparg - 13
                } else {
                    oparg
                };
                BINARY_DUNDERS
                    .get(base as usize)
                    .copied()
                    .unwrap_or(("__add__", "__radd__"))
            }
            DunderOp::Compare(cmp, _) => COMPARE_DUNDERS
                .get(cmp as usize)
                .copied()
                .unwrap_or(("__eq__", "__eq__")),
        }
    }

    /// `binary_op1` / `do_richcompare` for user classes: when either operand's class defines
    /// the operator, its method runs as a frame (left's first, then right's reflected one if
    /// the first answers NotImplemented). `Ok(false)` when neither has one: the built-in
    /// rules apply. Takes ownership of `left` and `right` when it returns `Ok(true)`.
    pub(crate) fn try_dunder(
        &mut self,
        op: DunderOp,
        left: ObjId,
        right: ObjId,
    ) -> Result<bool, Fault> {
        let (name, reflected) = Self::dunder_names(op);
        let forward = self.user_method(left, name);
        let backward = self.user_method(right, reflected);
        if forward.is_none() && backward.is_none() {
            return Ok(false);
        }
        self.start_dunder(op, left, right, forward.is_some())?;
        Ok(true)
    }

    /// Runs the forward method (or, with `forward` false, the reflected one) as a frame.
    fn start_dunder(
        &mut self,
        op: DunderOp,
        left: ObjId,
        right: ObjId,
        forward: bool,
    ) -> Result<(), Fault> {
        let (name, reflected) = Self::dunder_names(op);
        let (method, receiver, other) = if forward {
            (self.user_method(left, name), left, right)
        } else {
            (self.user_method(right, reflected), right, left)
        };
        let Some(method) = method else {
            return self.dunder_not_implemented(op, left, right);
        };
        self.heap.incref(receiver);
        self.heap.incref(other);
        let then = Box::new(OperatorCall {
            op,
            left,
            right,
            reflected: !forward,
        });
        self.call_then(method, vec![receiver, other], then)
    }

    /// A dunder frame returned: NotImplemented tries the reflected method, then the default.
    fn dunder_returned(
        &mut self,
        op: DunderOp,
        left: ObjId,
        right: ObjId,
        reflected: bool,
        returned: ObjId,
    ) -> Result<(), Fault> {
        if returned == self.not_implemented {
            self.heap.decref(returned);
            let (_, reflected_name) = Self::dunder_names(op);
            if !reflected && self.user_method(right, reflected_name).is_some() {
                return self.start_dunder(op, left, right, false);
            }
            return self.dunder_not_implemented(op, left, right);
        }
        self.release(&[left, right]);
        match op {
            DunderOp::Compare(_, true) => {
                let truth = crate::objects::is_true(&self.heap, returned);
                self.heap.decref(returned);
                let result = self.new_bool(truth);
                self.push_value(result)
            }
            _ => self.push_value(returned),
        }
    }

    /// Neither side implements the operator: `==`/`!=` fall back to identity, the others
    /// are CPython's TypeError.
    fn dunder_not_implemented(
        &mut self,
        op: DunderOp,
        left: ObjId,
        right: ObjId,
    ) -> Result<(), Fault> {
        let (left_type, right_type) = (self.type_name_of(left), self.type_name_of(right));
        self.release(&[left, right]);
        match op {
            DunderOp::Compare(cmp @ (2 | 3), _) => {
                let same = left == right;
                let result = self.new_bool(same == (cmp == 2));
                self.push_value(result)
            }
            DunderOp::Compare(cmp, _) => {
                let symbol = pyxray_bytecode::opcode::COMPARE_OPS
                    .get(cmp as usize)
                    .copied()
                    .unwrap_or("?");
                Err(Raise::new(
                    "TypeError",
                    format!(
                        "'{symbol}' not supported between instances of '{left_type}' and '{right_type}'"
                    ),
                )
                .into())
            }
            DunderOp::Binary(oparg) => {
                let symbol = pyxray_bytecode::opcode::BINARY_OPS
                    .get(oparg as usize)
                    .copied()
                    .unwrap_or("?");
                Err(Raise::new(
                    "TypeError",
                    format!(
                        "unsupported operand type(s) for {symbol}: '{left_type}' and '{right_type}'"
                    ),
                )
                .into())
            }
        }
    }
}
