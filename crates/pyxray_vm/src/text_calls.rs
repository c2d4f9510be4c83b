//! `str()` and `repr()` that run Python code: a user class's `__str__`/`__repr__`, also when
//! its instances sit inside a list, tuple or dict being written (`print([p, q])`). Each method
//! runs as a frame the student steps through; the text is finished when the last returns.
//!
//! CPython: `Objects/object.c` (`PyObject_Str`, `PyObject_Repr`: "__str__ returned
//! non-string"), `Objects/typeobject.c` (`slot_tp_repr`), `Objects/listobject.c`
//! (`list_repr`), `Python/bltinmodule.c` (`builtin_print_impl`). CPython's `list_repr` calls
//! each item's `__repr__` as it reaches it; pyxray first finds, in the same order, the
//! instances whose class has its own `__repr__`, runs those methods one after another, then
//! writes the whole text — the same calls in the same order, the same text.

use crate::heap::ObjId;
use crate::native_call::{Continuation, Waiting};
use crate::objects::{repr, repr_with, str_of, Object, Raise};
use crate::vm::{Fault, Vm};

/// A `__str__`/`__repr__` frame: its result must be a str, which goes to `then`.
#[derive(Clone, Debug, PartialEq)]
struct CheckedText {
    dunder: String,
    then: Waiting,
}

impl Continuation for CheckedText {
    fn name(&self) -> &'static str {
        self.then.name()
    }

    fn references(&self) -> Vec<ObjId> {
        self.then.references()
    }

    fn resume(self: Box<Self>, vm: &mut Vm, returned: ObjId) -> Result<(), Fault> {
        match vm.checked_text(&self.dunder, returned) {
            Ok(text) => self.then.0.resume(vm, text),
            Err(fault) => {
                let held = self.then.references();
                vm.release(&held);
                Err(fault)
            }
        }
    }

    fn throw(self: Box<Self>, vm: &mut Vm, exception: ObjId) -> Result<(), Fault> {
        self.then.0.throw(vm, exception)
    }
}

/// The repr of a container (owned) holding instances with their own `__repr__`: those
/// still to call (owned), the texts they returned, and who gets the finished text.
#[derive(Clone, Debug, PartialEq)]
struct ContainerRepr {
    value: ObjId,
    want_repr: bool,
    pending: Vec<ObjId>,
    texts: Vec<String>,
    then: Waiting,
}

impl Continuation for ContainerRepr {
    fn name(&self) -> &'static str {
        self.then.name()
    }

    fn references(&self) -> Vec<ObjId> {
        let mut held = vec![self.value];
        held.extend(&self.pending[self.texts.len()..]);
        held.extend(self.then.references());
        held
    }

    fn resume(mut self: Box<Self>, vm: &mut Vm, returned: ObjId) -> Result<(), Fault> {
        let text = str_of(&vm.heap, returned).unwrap_or_default();
        vm.heap.decref(returned);
        let done = self.pending[self.texts.len()];
        vm.heap.decref(done);
        self.texts.push(text);
        vm.continue_container_repr(*self)
    }
}

/// A continuation that pushes the value it gets: the calling instruction completes with it.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct PushValue(pub &'static str);

impl Continuation for PushValue {
    fn name(&self) -> &'static str {
        self.0
    }

    fn references(&self) -> Vec<ObjId> {
        Vec::new()
    }

    fn resume(self: Box<Self>, vm: &mut Vm, returned: ObjId) -> Result<(), Fault> {
        vm.push_value(returned)
    }
}

/// Where a `print` call stands while an argument's text runs Python code: its arguments
/// (owned), how many are written, and its separator and ending.
#[derive(Clone, Debug, PartialEq)]
struct PrintState {
    args: Vec<ObjId>,
    written: usize,
    sep: String,
    end: String,
}

/// `print` waiting for the text of one of its arguments.
#[derive(Clone, Debug, PartialEq)]
struct PrintArgument {
    state: PrintState,
}

impl Continuation for PrintArgument {
    fn name(&self) -> &'static str {
        "print"
    }

    fn references(&self) -> Vec<ObjId> {
        self.state.args.clone()
    }

    fn resume(mut self: Box<Self>, vm: &mut Vm, returned: ObjId) -> Result<(), Fault> {
        let part = str_of(&vm.heap, returned).unwrap_or_default();
        vm.heap.decref(returned);
        if let Err(fault) = vm.write_output(&part) {
            vm.release(&self.state.args);
            return Err(fault);
        }
        self.state.written += 1;
        vm.continue_print(self.state)
    }
}

impl Vm {
    /// Whether `str(value)` (`repr` with `want_repr`) runs Python code: its class has its
    /// own method, or it is a container holding an instance with its own `__repr__`.
    pub(crate) fn text_runs_python(&self, value: ObjId, want_repr: bool) -> bool {
        self.user_text_method(value, want_repr).is_some()
            || !self.instances_with_own_repr(value).is_empty()
    }

    /// Whether `template % values` would need a Python `__str__`/`__repr__` of a value.
    pub(crate) fn printf_runs_python(&self, template: ObjId, values: ObjId) -> bool {
        if !matches!(self.heap.get(template), Some(Object::Str(_))) {
            return false;
        }
        let values: Vec<ObjId> = match self.heap.get(values) {
            Some(Object::Tuple(items)) => items.clone(),
            Some(Object::Dict(pairs)) => pairs.iter().map(|&(_, v)| v).collect(),
            _ => vec![values],
        };
        values
            .into_iter()
            .any(|v| self.text_runs_python(v, false) || self.text_runs_python(v, true))
    }

    /// Native code that cannot wait for frames (`map(str, …)` today) stops clearly where the
    /// text would need a Python `__str__`/`__repr__`, rather than write a wrong one.
    pub(crate) fn refuse_python_text(&self, value: ObjId, want_repr: bool) -> Result<(), Fault> {
        if self.text_runs_python(value, want_repr) {
            return Err(Fault::Internal(
                "not supported yet: str() or repr() running a Python method from here".to_string(),
            ));
        }
        Ok(())
    }

    /// The instances inside the container `value` whose class has its own `__repr__`, in the
    /// order writing its repr meets them (an instance met twice is listed twice).
    fn instances_with_own_repr(&self, value: ObjId) -> Vec<ObjId> {
        if !matches!(
            self.heap.get(value),
            Some(Object::List(_) | Object::Tuple(_) | Object::Dict(_) | Object::DictView { .. })
        ) {
            return Vec::new();
        }
        let mut found = Vec::new();
        let _ = repr_with(&self.heap, value, &mut |id| {
            self.user_text_method(id, true)?;
            found.push(id);
            Some(String::new())
        });
        found
    }

    /// `str(value)` or `repr(value)` (borrowed) as a str object given to `then`; methods
    /// of user classes run as frames first.
    pub(crate) fn text_then(
        &mut self,
        value: ObjId,
        want_repr: bool,
        then: Box<dyn Continuation>,
    ) -> Result<(), Fault> {
        if let Some(method) = self.user_text_method(value, want_repr) {
            // `str()` checks what `__str__` gave, even when that is `__repr__` inherited.
            let dunder = if want_repr { "__repr__" } else { "__str__" }.to_string();
            self.heap.incref(value);
            let then = Box::new(CheckedText {
                dunder,
                then: Waiting(then),
            });
            return self.call_then(method, vec![value], then);
        }
        let pending = self.instances_with_own_repr(value);
        self.heap.incref(value);
        for &item in &pending {
            self.heap.incref(item);
        }
        self.continue_container_repr(ContainerRepr {
            value,
            want_repr,
            pending,
            texts: Vec::new(),
            then: Waiting(then),
        })
    }

    /// Runs the next instance's `__repr__`, or writes the text once all have returned.
    fn continue_container_repr(&mut self, job: ContainerRepr) -> Result<(), Fault> {
        if let Some(&item) = job.pending.get(job.texts.len()) {
            let Some(method) = self.user_text_method(item, true) else {
                let held = Continuation::references(&job);
                self.release(&held);
                return Err(Fault::Internal("a __repr__ vanished".to_string()));
            };
            let dunder = "__repr__".to_string();
            self.heap.incref(item);
            let then = Box::new(CheckedText {
                dunder,
                then: Waiting(Box::new(job)),
            });
            return self.call_then(method, vec![item], then);
        }
        let ContainerRepr {
            value,
            want_repr,
            texts,
            then,
            ..
        } = job;
        let text = if texts.is_empty() && !want_repr {
            str_of(&self.heap, value)
        } else {
            let mut texts = texts.into_iter();
            repr_with(&self.heap, value, &mut |id| {
                self.user_text_method(id, true)?;
                texts.next()
            })
        };
        self.heap.decref(value);
        let text = match text {
            Ok(text) => self.new_result(Object::Str(text)),
            Err(raise) => Err(raise.into()),
        };
        match text {
            Ok(text) => then.0.resume(self, text),
            Err(fault) => {
                let held = then.references();
                self.release(&held);
                Err(fault)
            }
        }
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

    /// `str(value)`/`repr(value)` (borrowed) pushed as the current instruction's result,
    /// through frames where Python methods are involved.
    pub(crate) fn push_text(
        &mut self,
        value: ObjId,
        want_repr: bool,
        name: &'static str,
    ) -> Result<(), Fault> {
        if self.text_runs_python(value, want_repr) {
            return self.text_then(value, want_repr, Box::new(PushValue(name)));
        }
        let text = if want_repr {
            repr(&self.heap, value)
        } else {
            str_of(&self.heap, value)
        };
        let result = self.new_result(Object::Str(text?))?;
        self.push_value(result)
    }

    /// `print(*args, sep=, end=)`: each argument becomes text, through frames where it runs
    /// Python code; the output is written once all are done.
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
            written: 0,
            sep,
            end,
        })
    }

    /// Writes the next arguments (`builtin_print_impl`: the separator, then the argument's
    /// text); pauses at one whose text runs Python code.
    fn continue_print(&mut self, mut state: PrintState) -> Result<(), Fault> {
        while state.written < state.args.len() {
            let arg = state.args[state.written];
            let mut written = Ok(());
            if state.written > 0 {
                written = self.write_output(&state.sep);
            }
            if written.is_ok() && self.text_runs_python(arg, false) {
                return self.text_then(arg, false, Box::new(PrintArgument { state }));
            }
            let written = written.and_then(|()| {
                let text = str_of(&self.heap, arg)?;
                self.write_output(&text)
            });
            if let Err(fault) = written {
                self.release(&state.args);
                return Err(fault);
            }
            state.written += 1;
        }
        self.release(&state.args);
        self.write_output(&state.end)?;
        let none = self.none;
        self.push_value(none)
    }
}
