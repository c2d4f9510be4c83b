//! What a program calls on a generator: `next(g)`, `g.send(v)`, `g.throw(e)`, `g.close()`,
//! and its attributes (`gi_running`, `gi_suspended`, `gi_code`, `gi_yieldfrom`, `__name__`).
//!
//! CPython: `Objects/genobject.c` (`gen_send`, `gen_throw`, `_gen_throw`, `gen_close`,
//! `gen_close_iter`, `gen_getrunning`, `gen_getsuspended`, `gen_getyieldfrom`, `gen_getsetlist`,
//! `gen_memberlist`), `Python/bltinmodule.c` (`builtin_next`).

use super::{Delivery, Resumer, Unwound};
use crate::builtins::{Builtin, Keywords};
use crate::heap::ObjId;
use crate::methods::members::MemberDef;
use crate::methods::MethodDef;
use crate::objects::{GeneratorKind, GeneratorState, Object, Raise};
use crate::vm::{Fault, Vm};

/// `gen_methods[]`. Calls reach `Vm::call_generator_method` first (they run the generator's
/// frame); the table makes `g.send` an attribute like any other method.
pub(crate) const GENERATOR_METHODS: &[MethodDef] = &[
    MethodDef {
        name: "send",
        call: runs_frames,
    },
    MethodDef {
        name: "throw",
        call: runs_frames,
    },
    MethodDef {
        name: "close",
        call: runs_frames,
    },
    MethodDef {
        name: "__next__",
        call: runs_frames,
    },
    MethodDef {
        name: "__iter__",
        call: generator_iter,
    },
];

fn runs_frames(_: &mut Vm, _: ObjId, _: &[ObjId], _: Keywords) -> Result<ObjId, Fault> {
    Err(Fault::Internal(
        "a generator method was called as native code".to_string(),
    ))
}

/// `g.__iter__()`: a generator is its own iterator.
fn generator_iter(
    vm: &mut Vm,
    receiver: ObjId,
    args: &[ObjId],
    kw: Keywords,
) -> Result<ObjId, Fault> {
    crate::methods::expect_args("generator.__iter__", args, kw, 0, 0)?;
    vm.heap.incref(receiver);
    Ok(receiver)
}

/// `gen_getsetlist` and `gen_memberlist` (and the coroutine's `cr_` names).
pub(crate) const GENERATOR_MEMBERS: &[MemberDef] = &[
    MemberDef {
        name: "__class__",
        get: class_of,
    },
    MemberDef {
        name: "__name__",
        get: |vm, id| name_of(vm, id, false),
    },
    MemberDef {
        name: "__qualname__",
        get: |vm, id| name_of(vm, id, true),
    },
    MemberDef {
        name: "gi_running",
        get: |vm, id| Ok(running(vm, id)),
    },
    MemberDef {
        name: "cr_running",
        get: |vm, id| Ok(running(vm, id)),
    },
    MemberDef {
        name: "gi_suspended",
        get: |vm, id| Ok(suspended(vm, id)),
    },
    MemberDef {
        name: "cr_suspended",
        get: |vm, id| Ok(suspended(vm, id)),
    },
    MemberDef {
        name: "gi_code",
        get: code_of,
    },
    MemberDef {
        name: "cr_code",
        get: code_of,
    },
    MemberDef {
        name: "gi_yieldfrom",
        get: yield_from_of,
    },
    MemberDef {
        name: "cr_await",
        get: yield_from_of,
    },
    MemberDef {
        name: "gi_frame",
        get: frame_of,
    },
    MemberDef {
        name: "cr_frame",
        get: frame_of,
    },
];

fn class_of(vm: &mut Vm, id: ObjId) -> Result<ObjId, Fault> {
    let class = vm
        .type_of(id)
        .ok_or_else(|| Fault::Internal("a generator type is missing".to_string()))?;
    vm.heap.incref(class);
    Ok(class)
}

fn name_of(vm: &mut Vm, id: ObjId, qualified: bool) -> Result<ObjId, Fault> {
    let name = match vm.generator(id) {
        Some(g) if qualified => g.qualname.clone(),
        Some(g) => g.name.clone(),
        None => String::new(),
    };
    vm.new_result(Object::Str(name))
}

fn running(vm: &Vm, id: ObjId) -> ObjId {
    vm.new_bool(
        vm.generator(id)
            .is_some_and(|g| g.state == GeneratorState::Running),
    )
}

fn suspended(vm: &Vm, id: ObjId) -> ObjId {
    vm.new_bool(
        vm.generator(id)
            .is_some_and(|g| g.state == GeneratorState::Suspended),
    )
}

fn code_of(vm: &mut Vm, id: ObjId) -> Result<ObjId, Fault> {
    let code = vm
        .generator(id)
        .map(|g| g.code)
        .ok_or_else(|| Fault::Internal("gi_code of a non-generator".to_string()))?;
    vm.heap.incref(code);
    Ok(code)
}

fn yield_from_of(vm: &mut Vm, id: ObjId) -> Result<ObjId, Fault> {
    let value = vm.delegated_to(id).unwrap_or(vm.none);
    vm.heap.incref(value);
    Ok(value)
}

/// `gi_frame`: `None` once finished; pyxray has no frame objects yet.
fn frame_of(vm: &mut Vm, id: ObjId) -> Result<ObjId, Fault> {
    match vm.generator(id) {
        Some(g) if g.state == GeneratorState::Finished => Ok(vm.none),
        _ => Err(Fault::Internal(
            "not supported yet: frame objects (gi_frame of a generator that has not finished)"
                .to_string(),
        )),
    }
}

impl Vm {
    /// Whether a call runs generator code: a generator's `send`/`throw`/`close`/`__next__`,
    /// `next(it)`, or a built-in reading an iterator that runs generator frames.
    pub(crate) fn calls_generator_code(&self, callable: ObjId, args: &[ObjId]) -> bool {
        match self.heap.get(callable) {
            Some(Object::BuiltinMethod {
                type_name: "generator" | "coroutine",
                name,
                ..
            }) => *name != "__iter__",
            Some(Object::BuiltinFunction(Builtin::Next | Builtin::Any | Builtin::All)) => {
                args.first().is_some_and(|&arg| self.needs_frames(arg))
            }
            _ => self.drains_iterables(callable) && args.iter().any(|&arg| self.needs_frames(arg)),
        }
    }

    /// Makes a call that runs generator code (owned references, consumed); its result is
    /// pushed when the generator yields or ends.
    pub(crate) fn call_generator_code(
        &mut self,
        callable: ObjId,
        args: Vec<ObjId>,
        positional_count: usize,
        keywords: Vec<(String, ObjId)>,
    ) -> Result<(), Fault> {
        let (builtin, method) = match self.heap.get(callable) {
            Some(Object::BuiltinFunction(builtin)) => (Some(*builtin), None),
            Some(&Object::BuiltinMethod { name, bound, .. }) => (None, Some((name, bound))),
            _ => (None, None),
        };
        if self.drains_iterables(callable) {
            let index = args[..positional_count]
                .iter()
                .position(|&arg| self.needs_frames(arg));
            if let Some(index) = index {
                return self.start_drain(callable, args, positional_count, keywords, index);
            }
        }
        let positional = &args[..positional_count];
        let result = match (builtin, method) {
            (Some(Builtin::Next), _) => self.builtin_next_frames(positional, &keywords),
            (Some(builtin), _) => {
                self.any_all_frames(builtin == Builtin::Any, positional, &keywords)
            }
            (None, Some((name, bound))) => match (bound, args.split_first()) {
                (Some(receiver), _) => self.call_generator_method(receiver, name, &args, &keywords),
                (None, Some((&receiver, rest))) => {
                    self.call_generator_method(receiver, name, rest, &keywords)
                }
                (None, None) => Err(Raise::new(
                    "TypeError",
                    format!("unbound method generator.{name}() needs an argument"),
                )
                .into()),
            },
            (None, None) => Err(Fault::Internal("a generator call of nothing".to_string())),
        };
        self.release(&args);
        self.heap.decref(callable);
        result
    }

    /// `next(iterator[, default])` on an iterator that runs generator frames.
    fn builtin_next_frames(&mut self, args: &[ObjId], keywords: Keywords) -> Result<(), Fault> {
        if !keywords.is_empty() {
            return Err(Raise::new("TypeError", "next() takes no keyword arguments").into());
        }
        if args.len() > 2 {
            return Err(Raise::new(
                "TypeError",
                format!("next expected at most 2 arguments, got {}", args.len()),
            )
            .into());
        }
        let default = args.get(1).copied();
        if let Some(default) = default {
            self.heap.incref(default);
        }
        self.resume_next(args[0], Resumer::Call { default })
    }

    /// `g.send(v)`, `g.throw(e)`, `g.close()`, `g.__next__()`.
    fn call_generator_method(
        &mut self,
        generator: ObjId,
        name: &str,
        args: &[ObjId],
        keywords: Keywords,
    ) -> Result<(), Fault> {
        let kind = match self.generator(generator) {
            Some(g) => g.kind,
            None => {
                let type_name = self.type_name_of(generator);
                return Err(Raise::new(
                    "TypeError",
                    format!(
                        "descriptor '{name}' for 'generator' objects doesn't apply to a \
                         '{type_name}' object"
                    ),
                )
                .into());
            }
        };
        let qualified = format!("{}.{name}", kind.type_name());
        match name {
            "send" => {
                crate::methods::expect_args(&qualified, args, keywords, 1, 1)?;
                self.heap.incref(args[0]);
                self.send_then(generator, args[0], Resumer::Call { default: None })
            }
            "__next__" => {
                crate::methods::expect_args(&qualified, args, keywords, 0, 0)?;
                let none = self.none;
                self.send_then(generator, none, Resumer::Call { default: None })
            }
            "close" => {
                crate::methods::expect_args(&qualified, args, keywords, 0, 0)?;
                self.close_level(generator, Vec::new(), kind)
            }
            "throw" => {
                if !keywords.is_empty() {
                    return Err(Raise::new(
                        "TypeError",
                        format!("{qualified}() takes no keyword arguments"),
                    )
                    .into());
                }
                match args {
                    [] => Err(
                        Raise::new("TypeError", "throw expected at least 1 argument, got 0").into(),
                    ),
                    [value] => {
                        let exception = self.exception_to_throw(*value)?;
                        self.throw_into(generator, exception, Resumer::Call { default: None })
                    }
                    _ => Err(Fault::Internal(
                        "not supported yet: throw(type, value, traceback)".to_string(),
                    )),
                }
            }
            _ => Err(Fault::Internal(format!("no generator method {name}"))),
        }
    }

    /// `_gen_throw`'s checks: an exception instance as it is, a class called with no
    /// arguments; a new reference.
    fn exception_to_throw(&mut self, value: ObjId) -> Result<ObjId, Fault> {
        let base = self.builtin_type("BaseException");
        match self.heap.get(value) {
            Some(Object::Exception(_)) => {
                self.heap.incref(value);
                Ok(value)
            }
            Some(Object::Type(_)) if base.is_some_and(|b| self.is_subclass(value, b)) => {
                self.new_exception(value, &[])
            }
            _ => {
                let type_name = self.type_name_of(value);
                Err(Raise::new(
                    "TypeError",
                    format!(
                        "exceptions must be classes or instances deriving from BaseException, \
                         not {type_name}"
                    ),
                )
                .into())
            }
        }
    }

    /// `_gen_throw`: raises `exception` (owned) where the generator is suspended, passing it
    /// on first to a generator it delegates to; `resumer` gets what comes of it.
    pub(crate) fn throw_into(
        &mut self,
        generator: ObjId,
        exception: ObjId,
        resumer: Resumer,
    ) -> Result<(), Fault> {
        let state = match self.check_resumable(generator, false) {
            Ok(state) => state,
            Err(fault) => {
                self.heap.decref(exception);
                self.release_resumer(resumer);
                return Err(fault);
            }
        };
        if state == GeneratorState::Finished {
            // Nothing to run: the exception is raised where `throw` was called.
            self.release_resumer(resumer);
            return Err(Fault::Exception(exception));
        }
        if let Some(inner) = self
            .delegated_to(generator)
            .filter(|&i| self.is_generator(i))
        {
            // The delegating generator's frame goes on the stack (so tracebacks show it);
            // the exception goes on into the generator it delegates to.
            self.heap.incref(inner);
            if let Err(fault) = self.enter_generator(generator, resumer, None) {
                self.heap.decref(inner);
                self.heap.decref(exception);
                return Err(fault);
            }
            let result = self.throw_into(inner, exception, Resumer::Delegate);
            self.heap.decref(inner);
            return result;
        }
        let none = self.none;
        if let Err(fault) = self.enter_generator(generator, resumer, Some(none)) {
            self.heap.decref(exception);
            return Err(fault);
        }
        Err(Fault::Exception(exception))
    }

    /// `gen_close` for one generator of a delegation chain (`outer` are those delegating to
    /// it, owned, innermost last): close what it delegates to first, then throw
    /// `GeneratorExit` into it unless it is stopped where nothing would catch it.
    fn close_level(
        &mut self,
        generator: ObjId,
        mut outer: Vec<ObjId>,
        kind: GeneratorKind,
    ) -> Result<(), Fault> {
        let state = match self.generator(generator) {
            Some(g) => g.state,
            None => {
                self.release(&outer);
                return Err(Fault::Internal("closed a non-generator".to_string()));
            }
        };
        match state {
            GeneratorState::Running => {
                self.release(&outer);
                let word = kind.type_name();
                return Err(Raise::new("ValueError", format!("{word} already executing")).into());
            }
            GeneratorState::Created | GeneratorState::Finished => {
                self.mark_closed(generator);
                let none = self.none;
                return self.close_delivered(outer, kind, Delivery::Exhausted(none));
            }
            GeneratorState::Suspended => {}
        }
        if let Some(inner) = self
            .delegated_to(generator)
            .filter(|&i| self.is_generator(i))
        {
            self.heap.incref(generator);
            outer.push(generator);
            let inner_kind = self.generator(inner).map_or(kind, |g| g.kind);
            return self.close_level(inner, outer, inner_kind);
        }
        if self.suspended_outside_try(generator) {
            self.mark_closed(generator);
            let none = self.none;
            return self.close_delivered(outer, kind, Delivery::Exhausted(none));
        }
        let exit = self.new_generator_exit()?;
        let none = self.none;
        if let Err(fault) =
            self.enter_generator(generator, Resumer::Close { outer, kind }, Some(none))
        {
            self.heap.decref(exit);
            return Err(fault);
        }
        Err(Fault::Exception(exit))
    }

    /// A generator finished without running its frame again (`_PyFrame_ClearLocals`).
    fn mark_closed(&mut self, generator: ObjId) {
        let dropped = self.heap.update(generator, |object| match object {
            Object::Generator(g) => {
                g.state = GeneratorState::Finished;
                let frame = g.frame.take().map(|f| f.references()).unwrap_or_default();
                frame.into_iter().chain(g.exc_state.take()).collect()
            }
            _ => Vec::new(),
        });
        self.release(&dropped.unwrap_or_default());
    }

    fn new_generator_exit(&mut self) -> Result<ObjId, Fault> {
        let class = self
            .builtin_type("GeneratorExit")
            .ok_or_else(|| Fault::Internal("no GeneratorExit".to_string()))?;
        self.new_exception(class, &[])
    }

    /// A generator being closed yielded or returned.
    pub(super) fn close_delivered(
        &mut self,
        mut outer: Vec<ObjId>,
        kind: GeneratorKind,
        delivery: Delivery,
    ) -> Result<(), Fault> {
        match delivery {
            Delivery::Item(value) => {
                self.heap.decref(value);
                let message = format!("{} ignored GeneratorExit", kind.type_name());
                let Some(next) = outer.pop() else {
                    return Err(Raise::new("RuntimeError", message).into());
                };
                // `gen_close_iter` failed: the error is thrown into the delegating generator.
                let class = self
                    .builtin_type("RuntimeError")
                    .ok_or_else(|| Fault::Internal("no RuntimeError".to_string()))?;
                let text = self.new_str(message);
                let error = self.new_exception(class, &[text]);
                self.heap.decref(text);
                let error = error?;
                self.throw_into_closing(next, outer, error)
            }
            Delivery::Exhausted(value) => match outer.pop() {
                // `close()` returns what the generator returned.
                None => self.push_value(value),
                Some(next) => {
                    self.heap.decref(value);
                    let next_kind = self.generator(next).map_or(kind, |g| g.kind);
                    let exit = self.new_generator_exit()?;
                    self.throw_into_closing_kind(next, outer, exit, next_kind)
                }
            },
        }
    }

    fn throw_into_closing(
        &mut self,
        next: ObjId,
        outer: Vec<ObjId>,
        exception: ObjId,
    ) -> Result<(), Fault> {
        let kind = self
            .generator(next)
            .map_or(GeneratorKind::Generator, |g| g.kind);
        self.throw_into_closing_kind(next, outer, exception, kind)
    }

    /// Throws `exception` (owned) into `next` (owned), the next generator out of a close.
    fn throw_into_closing_kind(
        &mut self,
        next: ObjId,
        outer: Vec<ObjId>,
        exception: ObjId,
        kind: GeneratorKind,
    ) -> Result<(), Fault> {
        let none = self.none;
        let result = self.enter_generator(next, Resumer::Close { outer, kind }, Some(none));
        self.heap.decref(next);
        match result {
            Ok(()) => Err(Fault::Exception(exception)),
            Err(fault) => {
                self.heap.decref(exception);
                Err(fault)
            }
        }
    }

    /// An exception came out of a generator being closed: `GeneratorExit` means it closed.
    pub(super) fn close_raised(
        &mut self,
        mut outer: Vec<ObjId>,
        kind: GeneratorKind,
        exception: ObjId,
    ) -> Unwound {
        let closed = self.exception_is(exception, "GeneratorExit");
        let Some(next) = outer.pop() else {
            if !closed {
                return Unwound::Continue(exception);
            }
            self.heap.decref(exception);
            // `close()` returns None; its caller carries on after the call.
            let none = self.none;
            if self.push_value(none).is_err() {
                self.status = crate::vm::RunStatus::Internal("close() with no caller".to_string());
            }
            return Unwound::Handled;
        };
        let exception = if closed {
            self.heap.decref(exception);
            match self.new_generator_exit() {
                Ok(exit) => exit,
                Err(_) => {
                    self.heap.decref(next);
                    self.release(&outer);
                    return Unwound::Handled;
                }
            }
        } else {
            exception
        };
        let next_kind = self.generator(next).map_or(kind, |g| g.kind);
        let none = self.none;
        // Thrown into the next generator out; if it cannot be resumed, the exception goes
        // on to the caller of close().
        let _ = self.enter_generator(
            next,
            Resumer::Close {
                outer,
                kind: next_kind,
            },
            Some(none),
        );
        self.heap.decref(next);
        Unwound::Continue(exception)
    }
}
