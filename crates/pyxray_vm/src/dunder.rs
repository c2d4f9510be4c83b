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
