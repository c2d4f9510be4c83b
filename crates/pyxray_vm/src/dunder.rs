//! `__str__` and `__repr__` of user classes, called from inside an instruction: `print(p)`,
//! `str(p)`, `repr(p)` and f-strings run the method as a frame the student can step through;
//! the instruction completes when that frame returns (`ReturnAction`).
//!
//! CPython: `Objects/object.c` (`PyObject_Str`, `PyObject_Repr`: "__str__ returned non-string"),
//! `Objects/typeobject.c` (`slot_tp_str`, `slot_tp_repr`), `Python/bltinmodule.c`
//! (`builtin_print_impl`). CPython calls these on its C stack; pyxray keeps print's progress in
//! the frame's return action instead (a resumable native call).

use crate::heap::ObjId;
use crate::native_call::{Continuation, Waiting};
use crate::objects::{Object, Raise};
use crate::vm::{Fault, Vm};

impl Vm {
    /// The user method `__str__` (falling back to `__repr__`) or `__repr__` of an instance,
    /// when its class defines one.
    pub(crate) fn user_text_method(&self, value: ObjId, want_repr: bool) -> Option<ObjId> {
        let class = match self.heap.get(value) {
            Some(Object::Instance { class, .. }) => *class,
            Some(Object::Exception(e)) => e.class,
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

/// Which of an operator's methods a frame runs: the in-place one (`__iadd__`), the left
/// operand's (`__add__`) or the right operand's reflected one (`__radd__`).
#[derive(Clone, Copy, Debug, PartialEq)]
enum Stage {
    InPlace,
    Forward,
    Reflected,
}

/// An operator method's frame (`__add__`, `__eq__`, …) that `BINARY_OP`/`COMPARE_OP` (or a
/// built-in such as `sum`) waits for: the operands (owned), the methods still to try if it
/// answers NotImplemented, whether its answer is negated (`!=` through `__eq__`), and who
/// gets the result.
#[derive(Clone, Debug, PartialEq)]
struct OperatorCall {
    op: DunderOp,
    left: ObjId,
    right: ObjId,
    rest: Vec<Stage>,
    negate: bool,
    then: Waiting,
}

impl Continuation for OperatorCall {
    fn name(&self) -> &'static str {
        self.then.name()
    }

    fn references(&self) -> Vec<ObjId> {
        let mut held = vec![self.left, self.right];
        held.extend(self.then.references());
        held
    }

    fn resume(self: Box<Self>, vm: &mut Vm, returned: ObjId) -> Result<(), Fault> {
        let OperatorCall {
            op,
            left,
            right,
            rest,
            negate,
            then,
        } = *self;
        if returned == vm.not_implemented {
            vm.heap.decref(returned);
            return vm.next_operator_method(op, left, right, rest, then);
        }
        vm.release(&[left, right]);
        let result = match op {
            DunderOp::Compare(_, as_bool) if negate || as_bool => {
                let truth = crate::objects::is_true(&vm.heap, returned);
                vm.heap.decref(returned);
                vm.new_bool(truth != negate)
            }
            _ => returned,
        };
        then.0.resume(vm, result)
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

    /// The Python method a stage runs, its receiver and other operand, and whether its
    /// answer is negated: `!=` without its own `__ne__` asks `__eq__` (`object.__ne__`).
    fn operator_method(
        &self,
        op: DunderOp,
        stage: Stage,
        left: ObjId,
        right: ObjId,
    ) -> Option<(ObjId, ObjId, ObjId, bool)> {
        let (name, reflected) = Self::dunder_names(op);
        let (receiver, other, name) = match stage {
            Stage::InPlace => {
                let DunderOp::Binary(oparg) = op else {
                    return None;
                };
                let inplace = INPLACE_DUNDERS.get(oparg.checked_sub(13)? as usize)?;
                (left, right, *inplace)
            }
            Stage::Forward => (left, right, name),
            Stage::Reflected => (right, left, reflected),
        };
        if let Some(method) = self.user_method(receiver, name) {
            return Some((method, receiver, other, false));
        }
        if op_is_ne(op) {
            let eq = self.user_method(receiver, "__eq__")?;
            return Some((eq, receiver, other, true));
        }
        None
    }

    /// `binary_op1` / `do_richcompare` order: the in-place method, then the left operand's,
    /// then the right's reflected one — the right's first when its class is a subclass of
    /// the left's; a binary operator skips the reflected method between operands of one type.
    fn operator_plan(&self, op: DunderOp, left: ObjId, right: ObjId) -> Vec<Stage> {
        let class = |id: ObjId| self.type_of(id);
        let (left_class, right_class) = (class(left), class(right));
        let same_type = left_class == right_class;
        let right_first = !same_type
            && match (left_class, right_class) {
                (Some(l), Some(r)) => self.is_subclass(r, l),
                _ => false,
            };
        let mut plan = Vec::new();
        if matches!(op, DunderOp::Binary(oparg) if (13..26).contains(&oparg)) {
            plan.push(Stage::InPlace);
        }
        let reflected_allowed = matches!(op, DunderOp::Compare(..)) || !same_type;
        if right_first {
            plan.extend([Stage::Reflected, Stage::Forward]);
        } else if reflected_allowed {
            plan.extend([Stage::Forward, Stage::Reflected]);
        } else {
            plan.push(Stage::Forward);
        }
        plan.retain(|&stage| self.operator_method(op, stage, left, right).is_some());
        plan
    }

    /// `binary_op1` / `do_richcompare` for user classes: when either operand's class defines
    /// the operator, its method runs as a frame and the instruction's result is pushed when
    /// it returns. `Ok(false)` when neither has one: the built-in rules apply. Takes
    /// ownership of `left` and `right` when it returns `Ok(true)`.
    pub(crate) fn try_dunder(
        &mut self,
        op: DunderOp,
        left: ObjId,
        right: ObjId,
    ) -> Result<bool, Fault> {
        let name = match op {
            DunderOp::Binary(_) => "BINARY_OP",
            DunderOp::Compare(..) => "COMPARE_OP",
        };
        self.operator_then(
            op,
            left,
            right,
            Box::new(crate::text_calls::PushValue(name)),
        )
    }

    /// Like `try_dunder`, with the result going to `then` (`sum` adding instances).
    pub(crate) fn operator_then(
        &mut self,
        op: DunderOp,
        left: ObjId,
        right: ObjId,
        then: Box<dyn Continuation>,
    ) -> Result<bool, Fault> {
        let plan = self.operator_plan(op, left, right);
        let instance = |id: ObjId| matches!(self.heap.get(id), Some(Object::Instance { .. }));
        // `str % x` formats any x natively.
        let printf = matches!(op, DunderOp::Binary(6 | 19))
            && matches!(self.heap.get(left), Some(Object::Str(_)));
        if plan.is_empty() && (printf || !instance(left) && !instance(right)) {
            return Ok(false);
        }
        self.next_operator_method(op, left, right, plan, Waiting(then))?;
        Ok(true)
    }

    /// Runs the next method of the plan as a frame, or the default when none is left.
    fn next_operator_method(
        &mut self,
        op: DunderOp,
        left: ObjId,
        right: ObjId,
        mut rest: Vec<Stage>,
        then: Waiting,
    ) -> Result<(), Fault> {
        if rest.is_empty() {
            return self.dunder_not_implemented(op, left, right, then);
        }
        let stage = rest.remove(0);
        let Some((method, receiver, other, negate)) = self.operator_method(op, stage, left, right)
        else {
            return self.next_operator_method(op, left, right, rest, then);
        };
        self.heap.incref(receiver);
        self.heap.incref(other);
        let call = Box::new(OperatorCall {
            op,
            left,
            right,
            rest,
            negate,
            then,
        });
        self.call_then(method, vec![receiver, other], call)
    }

    /// Neither side implements the operator: `==`/`!=` fall back to identity, the others
    /// are CPython's TypeError.
    fn dunder_not_implemented(
        &mut self,
        op: DunderOp,
        left: ObjId,
        right: ObjId,
        then: Waiting,
    ) -> Result<(), Fault> {
        let (left_type, right_type) = (self.type_name_of(left), self.type_name_of(right));
        self.release(&[left, right]);
        let error = match op {
            DunderOp::Compare(cmp @ (2 | 3), _) => {
                let same = left == right;
                let result = self.new_bool(same == (cmp == 2));
                return then.0.resume(self, result);
            }
            DunderOp::Compare(cmp, _) => {
                let symbol = pyxray_bytecode::opcode::COMPARE_OPS
                    .get(cmp as usize)
                    .copied()
                    .unwrap_or("?");
                format!(
                    "'{symbol}' not supported between instances of '{left_type}' and '{right_type}'"
                )
            }
            DunderOp::Binary(oparg) => {
                let symbol = pyxray_bytecode::opcode::BINARY_OPS
                    .get(oparg as usize)
                    .copied()
                    .unwrap_or("?");
                format!(
                    "unsupported operand type(s) for {symbol}: '{left_type}' and '{right_type}'"
                )
            }
        };
        let held = then.references();
        self.release(&held);
        Err(Raise::new("TypeError", error).into())
    }
}

/// Whether the operator is `!=`.
fn op_is_ne(op: DunderOp) -> bool {
    matches!(op, DunderOp::Compare(3, _))
}

/// The in-place methods of `BINARY_OP`'s `NB_INPLACE_ADD` … `NB_INPLACE_XOR`.
const INPLACE_DUNDERS: [&str; 13] = [
    "__iadd__",
    "__iand__",
    "__ifloordiv__",
    "__ilshift__",
    "__imatmul__",
    "__imul__",
    "__imod__",
    "__ior__",
    "__ipow__",
    "__irshift__",
    "__isub__",
    "__itruediv__",
    "__ixor__",
];
