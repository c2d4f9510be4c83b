//! `__str__` and `__repr__` of user classes, called from inside an instruction: `print(p)`,
//! `str(p)`, `repr(p)` and f-strings run the method as a frame the student can step through;
//! the instruction completes when that frame returns (`ReturnAction`).
//!
//! CPython: `Objects/object.c` (`PyObject_Str`, `PyObject_Repr`: "__str__ returned non-string"),
//! `Objects/typeobject.c` (`slot_tp_str`, `slot_tp_repr`), `Python/bltinmodule.c`
//! (`builtin_print_impl`). CPython calls these on its C stack; pyxray keeps print's progress in
//! the frame's return action instead (a resumable native call).

use crate::frame::{PrintState, ReturnAction};
use crate::heap::ObjId;
use crate::objects::{str_of, Object, Raise};
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

    /// Runs `method(value)` as a frame whose result, checked to be a str, completes the
    /// current instruction (`str(p)`, `repr(p)`, `f'{p}'`).
    pub(crate) fn call_text_method(&mut self, method: ObjId, value: ObjId) -> Result<(), Fault> {
        self.heap.incref(value);
        self.call_function(method, vec![value], Vec::new())?;
        let dunder = self.frame_code_name();
        self.frame()?.on_return = ReturnAction::CheckStr { dunder };
        Ok(())
    }

    fn frame_code_name(&self) -> String {
        self.frames
            .last()
            .map_or_else(String::new, |frame| frame.code.name.clone())
    }

    /// The text a `__str__`/`__repr__` frame returned: it must be a str.
    pub(crate) fn checked_text(&mut self, dunder: &str, returned: ObjId) -> Result<ObjId, Fault> {
        if matches!(self.heap.get(returned), Some(Object::Str(_))) {
            return Ok(returned);
        }
        let kind = self.type_name_of(returned);
        self.heap.decref(returned);
        Err(Raise::new(
            "TypeError",
            format!("{dunder} returned non-string (type {kind})"),
        )
        .into())
    }

    /// `print(*args, sep=, end=)`: each argument becomes text, through a user `__str__`
    /// frame where the class has one; the output is written once all are done.
    pub(crate) fn start_print(
        &mut self,
        args: &[ObjId],
        keywords: &[(String, ObjId)],
    ) -> Result<(), Fault> {
        let (sep, end) = self.print_separators(keywords)?;
        for &arg in args {
            self.heap.incref(arg);
        }
        self.continue_print(PrintState {
            args: args.to_vec(),
            parts: Vec::new(),
            sep,
            end,
        })
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

    /// Turns the next arguments into text; pauses at one with a `__str__` frame.
    pub(crate) fn continue_print(&mut self, mut state: PrintState) -> Result<(), Fault> {
        while state.parts.len() < state.args.len() {
            let arg = state.args[state.parts.len()];
            if let Some(method) = self.user_text_method(arg, false) {
                self.heap.incref(arg);
                if let Err(fault) = self.call_function(method, vec![arg], Vec::new()) {
                    self.release(&state.args);
                    return Err(fault);
                }
                let dunder = self.frame_code_name();
                self.frame()?.on_return = ReturnAction::Print {
                    state: Box::new(state),
                    dunder,
                };
                return Ok(());
            }
            if let Err(fault) = self.refuse_nested_user_repr(arg) {
                self.release(&state.args);
                return Err(fault);
            }
            match str_of(&self.heap, arg) {
                Ok(text) => state.parts.push(text),
                Err(raise) => {
                    self.release(&state.args);
                    return Err(raise.into());
                }
            }
        }
        self.release(&state.args);
        let text = state.parts.join(&state.sep) + &state.end;
        self.write_output(&text)?;
        let none = self.none;
        self.push_value(none)
    }

    /// A `__str__` frame that print was waiting for returned.
    pub(crate) fn resume_print(
        &mut self,
        mut state: PrintState,
        dunder: &str,
        returned: ObjId,
    ) -> Result<(), Fault> {
        let text = match self.checked_text(dunder, returned) {
            Ok(text) => text,
            Err(fault) => {
                self.release(&state.args);
                return Err(fault);
            }
        };
        let part = str_of(&self.heap, text).unwrap_or_default();
        self.heap.decref(text);
        state.parts.push(part);
        self.continue_print(state)
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
    fn user_method(&self, value: ObjId, name: &str) -> Option<ObjId> {
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
        self.call_function(method, vec![receiver, other], Vec::new())?;
        self.frame()?.on_return = ReturnAction::Dunder {
            op,
            left,
            right,
            reflected: !forward,
        };
        Ok(())
    }

    /// A dunder frame returned: NotImplemented tries the reflected method, then the default.
    pub(crate) fn dunder_returned(
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

impl Vm {
    /// Whether writing `value`'s repr would meet, inside a container, an object whose class
    /// has its own `__repr__`: pyxray cannot call it from there yet, and printing CPython's
    /// default repr instead would be a wrong answer, so such a run stops with a clear
    /// "not supported yet". Looks at most 10,000 objects deep into the value.
    pub(crate) fn refuse_nested_user_repr(&self, value: ObjId) -> Result<(), Fault> {
        // Only a container can hold such an object: scalars (most f-string values) stop here.
        if !matches!(
            self.heap.get(value),
            Some(Object::List(_) | Object::Tuple(_) | Object::Dict(_))
        ) {
            return Ok(());
        }
        let mut pending = vec![value];
        let mut visited = 0;
        let mut seen = std::collections::HashSet::new();
        while let Some(id) = pending.pop() {
            visited += 1;
            if visited > 10_000 || !seen.insert(id) {
                continue;
            }
            match self.heap.get(id) {
                Some(Object::List(items) | Object::Tuple(items)) => pending.extend(items),
                Some(Object::Dict(pairs)) => {
                    pending.extend(pairs.iter().flat_map(|&(k, v)| [k, v]))
                }
                Some(Object::Instance { .. } | Object::Exception(_))
                    if id != value && self.user_text_method(id, true).is_some() =>
                {
                    return Err(Fault::Internal(
                        "not supported yet: the repr of a container holding objects with their \
                         own __repr__"
                            .to_string(),
                    ));
                }
                _ => {}
            }
        }
        Ok(())
    }
}
