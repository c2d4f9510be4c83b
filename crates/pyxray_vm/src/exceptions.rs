//! Exceptions: the built-in exception classes (real type objects in CPython's hierarchy),
//! exception objects, raising, and unwinding through the exception table (zero-cost `try`,
//! as CPython 3.11+ does it).
//!
//! CPython: `Objects/exceptions.c` (the hierarchy, `BaseException_str`), `Python/ceval.c`
//! (`exception_unwind`, `get_exception_handler`), `Python/bytecodes.c` (`RAISE_VARARGS`,
//! `RERAISE`, `PUSH_EXC_INFO`, `POP_EXCEPT`, `CHECK_EXC_MATCH`), `Python/errors.c`
//! (`_PyErr_SetObject`: implicit chaining through `__context__`).

use pyxray_bytecode::dis::parse_exception_table;

use crate::heap::ObjId;
use crate::objects::{ExceptionObject, Object, Raise, TracebackEntry, TypeObject};
use crate::vm::{Fault, RunStatus, UncaughtException, Vm};

/// CPython's built-in exception classes, each with its base (`Objects/exceptions.c`).
pub const EXCEPTION_HIERARCHY: &[(&str, &str)] = &[
    ("BaseException", "object"),
    ("SystemExit", "BaseException"),
    ("KeyboardInterrupt", "BaseException"),
    ("GeneratorExit", "BaseException"),
    ("Exception", "BaseException"),
    ("StopIteration", "Exception"),
    ("StopAsyncIteration", "Exception"),
    ("ArithmeticError", "Exception"),
    ("FloatingPointError", "ArithmeticError"),
    ("OverflowError", "ArithmeticError"),
    ("ZeroDivisionError", "ArithmeticError"),
    ("AssertionError", "Exception"),
    ("AttributeError", "Exception"),
    ("BufferError", "Exception"),
    ("EOFError", "Exception"),
    ("ImportError", "Exception"),
    ("ModuleNotFoundError", "ImportError"),
    ("LookupError", "Exception"),
    ("IndexError", "LookupError"),
    ("KeyError", "LookupError"),
    ("MemoryError", "Exception"),
    ("NameError", "Exception"),
    ("UnboundLocalError", "NameError"),
    ("OSError", "Exception"),
    ("FileNotFoundError", "OSError"),
    ("FileExistsError", "OSError"),
    ("PermissionError", "OSError"),
    ("TimeoutError", "OSError"),
    ("BlockingIOError", "OSError"),
    ("ChildProcessError", "OSError"),
    ("ConnectionError", "OSError"),
    ("BrokenPipeError", "ConnectionError"),
    ("ConnectionAbortedError", "ConnectionError"),
    ("ConnectionRefusedError", "ConnectionError"),
    ("ConnectionResetError", "ConnectionError"),
    ("InterruptedError", "OSError"),
    ("IsADirectoryError", "OSError"),
    ("NotADirectoryError", "OSError"),
    ("ProcessLookupError", "OSError"),
    ("ReferenceError", "Exception"),
    ("RuntimeError", "Exception"),
    ("NotImplementedError", "RuntimeError"),
    ("RecursionError", "RuntimeError"),
    ("SyntaxError", "Exception"),
    ("IndentationError", "SyntaxError"),
    ("TabError", "IndentationError"),
    ("SystemError", "Exception"),
    ("TypeError", "Exception"),
    ("ValueError", "Exception"),
    ("UnicodeError", "ValueError"),
    ("UnicodeDecodeError", "UnicodeError"),
    ("UnicodeEncodeError", "UnicodeError"),
    ("UnicodeTranslateError", "UnicodeError"),
    ("Warning", "Exception"),
    ("UserWarning", "Warning"),
    ("DeprecationWarning", "Warning"),
    ("RuntimeWarning", "Warning"),
    ("SyntaxWarning", "Warning"),
    ("FutureWarning", "Warning"),
    ("PendingDeprecationWarning", "Warning"),
    ("ImportWarning", "Warning"),
    ("UnicodeWarning", "Warning"),
    ("BytesWarning", "Warning"),
    ("ResourceWarning", "Warning"),
    ("EncodingWarning", "Warning"),
    ("BaseExceptionGroup", "BaseException"),
    ("ExceptionGroup", "BaseExceptionGroup"),
];

/// `LOAD_COMMON_CONSTANT`'s operand: the objects the interpreter keeps at hand.
const COMMON_CONSTANTS: [&str; 5] = [
    "AssertionError",
    "NotImplementedError",
    "tuple",
    "all",
    "any",
];

impl Vm {
    /// Creates `object` and the built-in exception classes and puts them in `builtins`.
    pub(crate) fn create_exception_classes(&mut self) {
        let object_dict = self.heap.alloc_immortal(Object::Dict(Vec::new()));
        let object_type = self.heap.alloc_immortal(Object::Type(Box::new(TypeObject {
            name: "object".to_string(),
            qualname: "object".to_string(),
            bases: Vec::new(),
            mro: Vec::new(),
            dict: object_dict,
            builtin_exception: None,
            native: None,
        })));
        self.heap.update(object_type, |object| {
            if let Object::Type(t) = object {
                t.mro = vec![object_type];
            }
        });
        let builtins = self.builtins;
        self.dict_set_str(builtins, "object", object_type);
        self.builtin_types.push(("object", object_type));
        for &(name, base) in EXCEPTION_HIERARCHY {
            if let Some(class) = self.new_builtin_class(name, base, Some(name), None) {
                self.dict_set_str(builtins, name, class);
            }
        }
        // `ExceptionGroup` derives from `BaseExceptionGroup` and `Exception`.
        if let (Some(group), Some(base_group), Some(exception), Some(base)) = (
            self.builtin_type("ExceptionGroup"),
            self.builtin_type("BaseExceptionGroup"),
            self.builtin_type("Exception"),
            self.builtin_type("BaseException"),
        ) {
            self.heap.update(group, |object| {
                if let Object::Type(t) = object {
                    t.bases = vec![base_group, exception];
                    t.mro = vec![group, base_group, exception, base, object_type];
                }
            });
        }
    }

    /// An immortal built-in class `name` deriving from the built-in class `base`, recorded in
    /// `builtin_types` (not yet in `builtins`: the caller decides).
    pub(crate) fn new_builtin_class(
        &mut self,
        name: &'static str,
        base: &str,
        builtin_exception: Option<&'static str>,
        native: Option<&'static str>,
    ) -> Option<ObjId> {
        let base = self.builtin_type(base)?;
        let base_mro = match self.heap.get(base) {
            Some(Object::Type(t)) => t.mro.clone(),
            _ => Vec::new(),
        };
        let dict = self.heap.alloc_immortal(Object::Dict(Vec::new()));
        let class = self.heap.alloc_immortal(Object::Type(Box::new(TypeObject {
            name: name.to_string(),
            qualname: name.to_string(),
            bases: vec![base],
            mro: Vec::new(),
            dict,
            builtin_exception,
            native,
        })));
        self.heap.update(class, |object| {
            if let Object::Type(t) = object {
                t.mro = std::iter::once(class).chain(base_mro).collect();
            }
        });
        self.builtin_types.push((name, class));
        Some(class)
    }

    /// The built-in class named `name`.
    pub(crate) fn builtin_type(&self, name: &str) -> Option<ObjId> {
        self.builtin_types
            .iter()
            .find(|(n, _)| *n == name)
            .map(|&(_, id)| id)
    }

    /// `type(obj).__name__`, for user classes too.
    pub fn type_name_of(&self, id: ObjId) -> String {
        match self.heap.get(id) {
            Some(Object::Exception(e)) => self.class_name(e.class),
            Some(Object::Instance { class, .. }) => self.class_name(*class),
            Some(Object::Type(_)) => "type".to_string(),
            Some(other) => other.type_name().to_string(),
            None => "object".to_string(),
        }
    }

    fn class_name(&self, class: ObjId) -> String {
        match self.heap.get(class) {
            Some(Object::Type(t)) => t.name.clone(),
            _ => "object".to_string(),
        }
    }

    /// Whether `class` derives from `BaseException`.
    pub(crate) fn inherits_exception(&self, class: ObjId) -> bool {
        self.builtin_type("BaseException")
            .is_some_and(|base| self.is_subclass(class, base))
    }

    /// Whether `class` is `base` or inherits from it (its MRO holds `base`).
    pub(crate) fn is_subclass(&self, class: ObjId, base: ObjId) -> bool {
        match self.heap.get(class) {
            Some(Object::Type(t)) => t.mro.contains(&base),
            _ => false,
        }
    }

    /// Calling an exception class: a new exception object with these arguments.
    pub(crate) fn new_exception(&mut self, class: ObjId, args: &[ObjId]) -> Result<ObjId, Fault> {
        for &arg in args {
            self.heap.incref(arg);
        }
        self.heap.incref(class);
        self.new_result(Object::Exception(Box::new(ExceptionObject {
            class,
            args: args.to_vec(),
            display: None,
            traceback: Vec::new(),
            context: None,
            cause: None,
            suppress_context: false,
            suggestion: None,
            dict: None,
            members: Vec::new(),
        })))
    }

    /// The exception object for an error raised by native code (`PyErr_SetString`).
    fn exception_from_raise(&mut self, raise: Raise) -> Result<ObjId, Fault> {
        let class = self
            .builtin_type(raise.type_name)
            .or_else(|| self.builtin_type("SystemError"))
            .ok_or_else(|| Fault::Internal("no exception classes".to_string()))?;
        let args = if raise.message.is_empty() {
            Vec::new()
        } else {
            vec![self.new_str(raise.message.clone())]
        };
        let exception = self.new_exception(class, &args);
        self.release(&args);
        let exception = exception?;
        if raise.suggestion.is_some() {
            self.heap.update(exception, |object| {
                if let Object::Exception(e) = object {
                    e.suggestion = raise.suggestion.clone();
                }
            });
        }
        if raise.type_name == "KeyError" {
            // KeyError's message is already the key's repr.
            self.heap.update(exception, |object| {
                if let Object::Exception(e) = object {
                    e.display = Some(raise.message);
                }
            });
        }
        Ok(exception)
    }

    /// `RAISE_VARARGS 0|1|2`: re-raise, `raise exc`, `raise exc from cause`.
    pub(crate) fn raise_varargs(&mut self, count: u32) -> Result<(), Fault> {
        let cause = if count == 2 {
            Some(self.pop_value()?)
        } else {
            None
        };
        if count == 0 {
            return match self.topmost_exception() {
                Some(exception) => {
                    // A bare `raise` re-raises: the traceback stays as it was.
                    self.heap.incref(exception);
                    self.reraising = true;
                    Err(Fault::Exception(exception))
                }
                None => Err(Raise::new("RuntimeError", "No active exception to reraise").into()),
            };
        }
        let value = self.pop_value()?;
        let exception = self.make_exception(value);
        self.heap.decref(value);
        let exception = match exception {
            Ok(exception) => exception,
            Err(fault) => {
                if let Some(cause) = cause {
                    self.heap.decref(cause);
                }
                return Err(fault);
            }
        };
        if let Some(cause) = cause {
            let cause = if cause == self.none {
                None
            } else {
                let made = self.make_exception(cause);
                self.heap.decref(cause);
                Some(made?)
            };
            let old = self
                .heap
                .update(exception, |object| match object {
                    Object::Exception(e) => {
                        e.suppress_context = true;
                        std::mem::replace(&mut e.cause, cause)
                    }
                    _ => None,
                })
                .flatten();
            if let Some(old) = old {
                self.heap.decref(old);
            }
        }
        Err(Fault::Exception(exception))
    }

    /// What `raise value` raises: an instance as it is, a class called with no arguments.
    fn make_exception(&mut self, value: ObjId) -> Result<ObjId, Fault> {
        let base = self.builtin_type("BaseException");
        match self.heap.get(value) {
            Some(Object::Exception(_)) => {
                self.heap.incref(value);
                Ok(value)
            }
            Some(Object::Type(_)) if base.is_some_and(|b| self.is_subclass(value, b)) => {
                let user_init = self
                    .lookup_in_mro(value, "__init__")
                    .is_some_and(|f| matches!(self.heap.get(f), Some(Object::Function(_))));
                if user_init {
                    // CPython calls the class, running its `__init__` before raising.
                    return Err(Fault::Internal(
                        "not supported yet: raising a class whose __init__ is Python code (raise an instance instead)"
                            .to_string(),
                    ));
                }
                self.new_exception_with(value, &[], &[])
            }
            _ => Err(Raise::new("TypeError", "exceptions must derive from BaseException").into()),
        }
    }

    /// `CHECK_EXC_MATCH`: does the exception below match the class (or tuple) on top?
    pub(crate) fn check_exc_match(&mut self) -> Result<(), Fault> {
        let classes = self.pop_value()?;
        let exception = self
            .frame()?
            .stack
            .last()
            .copied()
            .flatten()
            .ok_or_else(|| Fault::Internal("CHECK_EXC_MATCH without an exception".to_string()))?;
        let candidates = match self.heap.get(classes) {
            Some(Object::Tuple(items)) => items.clone(),
            _ => vec![classes],
        };
        let base = self.builtin_type("BaseException");
        for &candidate in &candidates {
            let is_exception_class = matches!(self.heap.get(candidate), Some(Object::Type(_)))
                && base.is_some_and(|b| self.is_subclass(candidate, b));
            if !is_exception_class {
                self.heap.decref(classes);
                return Err(Raise::new(
                    "TypeError",
                    "catching classes that do not inherit from BaseException is not allowed",
                )
                .into());
            }
        }
        let class = match self.heap.get(exception) {
            Some(Object::Exception(e)) => Some(e.class),
            _ => None,
        };
        let matched = class.is_some_and(|c| candidates.iter().any(|&k| self.is_subclass(c, k)));
        self.heap.decref(classes);
        let result = self.new_bool(matched);
        self.push_value(result)
    }

    /// `PUSH_EXC_INFO`: the exception being handled becomes this one; the previous one is
    /// kept under it on the stack for `POP_EXCEPT`.
    pub(crate) fn push_exc_info(&mut self) -> Result<(), Fault> {
        let exception = self.pop_value()?;
        let previous = self.handled_exception.take().unwrap_or(self.none);
        self.heap.incref(exception);
        self.handled_exception = Some(exception);
        self.push_value(previous)?;
        self.push_value(exception)
    }

    /// `POP_EXCEPT`: restore the exception that was being handled before.
    pub(crate) fn pop_except(&mut self) -> Result<(), Fault> {
        let previous = self.pop_value()?;
        let restored = (previous != self.none).then_some(previous);
        if restored.is_none() {
            self.heap.decref(previous);
        }
        if let Some(old) = std::mem::replace(&mut self.handled_exception, restored) {
            self.heap.decref(old);
        }
        Ok(())
    }

    /// `RERAISE oparg`: raise the exception on top again. Its traceback already holds this
    /// frame at the place it was first raised (the `lasti` under it, which CPython restores for
    /// the same purpose), so unwinding adds nothing for this frame; handlers are still looked
    /// up from the `RERAISE` itself.
    pub(crate) fn reraise(&mut self, _oparg: u32) -> Result<(), Fault> {
        let exception = self.pop_value()?;
        self.reraising = true;
        Err(Fault::Exception(exception))
    }

    /// `LOAD_COMMON_CONSTANT`.
    pub(crate) fn load_common_constant(&mut self, oparg: u32) -> Result<(), Fault> {
        let name = COMMON_CONSTANTS
            .get(oparg as usize)
            .ok_or_else(|| Fault::Internal(format!("no common constant {oparg}")))?;
        let builtins = self.frame()?.builtins;
        let value = self
            .dict_get_str(builtins, name)
            .ok_or_else(|| Fault::Internal(format!("no builtin {name}")))?;
        self.push_new_ref(value)
    }

    /// `exception_unwind`: find a handler for `fault` in the frames' exception tables, from the
    /// innermost frame out, adding each frame to the traceback; with none, the run ends.
    pub(crate) fn unwind(&mut self, fault: Fault) {
        let exception = match fault {
            Fault::Exception(exception) => Ok(exception),
            Fault::Raise(raise) => self.exception_from_raise(raise),
            Fault::Limit(limit) => {
                self.status = RunStatus::Limit(limit);
                return;
            }
            Fault::Internal(message) => {
                self.status = RunStatus::Internal(message);
                return;
            }
        };
        let mut exception = match exception {
            Ok(exception) => exception,
            Err(Fault::Internal(message)) => {
                self.status = RunStatus::Internal(message);
                return;
            }
            Err(_) => {
                self.status = RunStatus::Internal("an exception while raising one".to_string());
                return;
            }
        };
        let reraising = std::mem::take(&mut self.reraising);
        self.set_context(exception, reraising);
        let mut first_frame = true;
        while let Some(frame) = self.frames.last() {
            let entry = TracebackEntry {
                filename: frame.code.filename.clone(),
                name: frame.code.name.clone(),
                code: frame.code.clone(),
                offset: frame.current_offset,
            };
            let offset = frame.current_offset;
            let handler = parse_exception_table(&frame.code.exceptiontable)
                .into_iter()
                .find(|e| e.start <= offset && offset < e.end);
            // A re-raise in the frame that first raised keeps the traceback as it was.
            if !(reraising && first_frame) {
                self.heap.update(exception, |object| {
                    if let Object::Exception(e) = object {
                        e.traceback.push(entry);
                    }
                });
            }
            first_frame = false;
            if let Some(handler) = handler {
                let frame = self.frames.last_mut().expect("a frame is on the stack");
                let dropped: Vec<ObjId> = frame
                    .stack
                    .drain(handler.depth as usize..)
                    .flatten()
                    .collect();
                frame.next_offset = handler.target;
                self.release(&dropped);
                if handler.lasti {
                    let lasti = self.new_int(offset.into());
                    let _ = self.push_value(lasti);
                }
                let _ = self.push_value(exception);
                return;
            }
            if self.attribute_error_caught(exception) {
                // `hasattr`/`getattr(…, default)` catch an AttributeError from a getter.
                return;
            }
            if let Some(mut frame) = self.frames.pop() {
                let action = std::mem::take(&mut frame.on_return);
                self.release_frame(frame);
                // Native code waiting for this frame, or a generator's resumer, may take the
                // exception (`close()` catching its GeneratorExit, a loop over a user
                // iterator ending on StopIteration) or pass it on.
                match self.frame_unwound(action, exception) {
                    crate::generators::Unwound::Continue(next) => exception = next,
                    crate::generators::Unwound::Handled => return,
                    crate::generators::Unwound::Fault(other) => return self.unwind(other),
                }
            }
        }
        if let Some(status) = self.handle_system_exit(exception) {
            self.heap.decref(exception);
            self.status = RunStatus::Exited(status);
            return;
        }
        if self.has_user_str(exception, 0) {
            // `traceback` would call it while printing, after every frame has gone.
            self.heap.decref(exception);
            self.status = RunStatus::Internal(
                "not supported yet: printing an uncaught exception whose class defines __str__"
                    .to_string(),
            );
            return;
        }
        let uncaught = self.uncaught(exception, 0);
        self.heap.decref(exception);
        self.status = RunStatus::Raised(Box::new(uncaught));
    }

    /// Implicit chaining: an exception raised while another is handled gets it as
    /// `__context__` (unless it is that very exception).
    fn set_context(&mut self, exception: ObjId, reraising: bool) {
        let Some(handled) = self.topmost_exception() else {
            return;
        };
        if handled == exception || reraising {
            return;
        }
        let has_context = matches!(
            self.heap.get(exception),
            Some(Object::Exception(e)) if e.context.is_some()
        );
        if has_context {
            return;
        }
        self.heap.incref(handled);
        self.heap.update(exception, |object| {
            if let Object::Exception(e) = object {
                e.context = Some(handled);
            }
        });
    }

    /// Whether printing this exception, its chain or its group would run a user `__str__`.
    fn has_user_str(&self, exception: ObjId, depth: usize) -> bool {
        let Some(Object::Exception(e)) = self.heap.get(exception) else {
            return false;
        };
        if depth > 100 {
            return false;
        }
        let user_str = self
            .lookup_in_mro(e.class, "__str__")
            .is_some_and(|f| matches!(self.heap.get(f), Some(Object::Function(_))));
        user_str
            || e.cause
                .into_iter()
                .chain(e.context)
                .chain(crate::exception_group::group_exceptions(
                    &self.heap, exception,
                ))
                .any(|other| self.has_user_str(other, depth + 1))
    }

    /// The printable form of an uncaught exception and the chain behind it.
    fn uncaught(&self, exception: ObjId, depth: usize) -> UncaughtException {
        let Some(Object::Exception(e)) = self.heap.get(exception) else {
            return UncaughtException::default();
        };
        let mut message = crate::objects::str_of(&self.heap, exception).unwrap_or_default();
        // The traceback module adds "Did you mean" to the message it prints.
        if let Some(suggestion) = &e.suggestion {
            message.push_str(suggestion);
        }
        let mut traceback = e.traceback.clone();
        traceback.reverse();
        let (chained, caused) = match (e.cause, e.context, e.suppress_context) {
            (Some(cause), _, _) => (Some(cause), true),
            (None, Some(context), false) => (Some(context), false),
            _ => (None, false),
        };
        let group = crate::exception_group::is_group(&self.heap, exception).then(|| {
            crate::exception_group::group_exceptions(&self.heap, exception)
                .into_iter()
                .map(|item| self.uncaught(item, depth + 1))
                .collect()
        });
        UncaughtException {
            type_name: self.class_name(e.class),
            message,
            traceback,
            chained: chained
                .filter(|_| depth < 100)
                .map(|c| Box::new(self.uncaught(c, depth + 1))),
            caused,
            notes: self.exception_notes(exception),
            group,
        }
    }
}
