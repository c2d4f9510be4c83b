//! `yield from` and `await`: the delegating frame sends each value on to the generator it
//! delegates to (whose frame runs above it), yields what that one yields, and gets its
//! return value at the end.
//!
//! CPython: `Python/bytecodes.c` (`GET_YIELD_FROM_ITER`, `SEND`, `SEND_GEN`, `END_SEND`,
//! `CLEANUP_THROW`, `GET_AWAITABLE`), `Python/ceval.c` (`_PyEval_GetAwaitable`),
//! `Objects/genobject.c` (`_PyCoro_GetAwaitableIter`). `Python/codegen.c`
//! (`codegen_add_yield_from`) lays out the loop: `SEND`, `YIELD_VALUE 1`, `RESUME`,
//! `JUMP_BACKWARD_NO_INTERRUPT`, with `CLEANUP_THROW` as the handler of the yield and
//! `END_SEND` after it.

use pyxray_bytecode::code::flags;

use super::Resumer;
use crate::heap::ObjId;
use crate::objects::{GeneratorKind, Object, Raise};
use crate::vm::{Fault, Vm};

impl Vm {
    /// `GET_YIELD_FROM_ITER`: a generator (or, in a coroutine, a coroutine) as it is;
    /// anything else becomes its iterator.
    pub(crate) fn get_yield_from_iter(&mut self) -> Result<(), Fault> {
        let iterable = self.pop_value()?;
        match self.generator(iterable).map(|g| g.kind) {
            Some(GeneratorKind::Generator) => return self.push_value(iterable),
            Some(GeneratorKind::Coroutine) => {
                let code_flags = self.frame()?.code.flags;
                if code_flags & (flags::COROUTINE | flags::ITERABLE_COROUTINE) == 0 {
                    self.heap.decref(iterable);
                    return Err(Raise::new(
                        "TypeError",
                        "cannot 'yield from' a coroutine object in a non-coroutine generator",
                    )
                    .into());
                }
                return self.push_value(iterable);
            }
            None => {}
        }
        // A user iterable's `__iter__` runs as a frame; the iterator is pushed when it returns.
        let started = self.get_iter_slot(iterable, "GET_YIELD_FROM_ITER");
        if started.as_ref().map_or(true, |started| *started) {
            self.heap.decref(iterable);
            return started.map(|_| ());
        }
        let iterator = self.get_iter(iterable);
        self.heap.decref(iterable);
        self.push_value(iterator?)
    }

    /// `SEND exit`: stack is receiver, value. A generator receiver is resumed with the value
    /// (its frame runs next); what it yields is pushed, and its return value is pushed with a
    /// jump to `exit`. Another iterator gives its next item at once (`value` must be `None`).
    pub(crate) fn send(&mut self, exit: u32) -> Result<(), Fault> {
        let value = self.pop_value()?;
        let receiver = self
            .frame()?
            .stack
            .last()
            .copied()
            .flatten()
            .ok_or_else(|| Fault::Internal("SEND without a receiver".to_string()))?;
        let resumer = Resumer::Send { exit };
        if self.is_generator(receiver) {
            return self.send_then(receiver, value, resumer);
        }
        if value == self.none && self.is_iterator_object(receiver) {
            self.heap.decref(value);
            return self.resume_next(receiver, resumer);
        }
        self.heap.decref(value);
        let type_name = self.type_name_of(receiver);
        if self.is_iterator_object(receiver) {
            return Err(Raise::new(
                "AttributeError",
                format!("'{type_name}' object has no attribute 'send'"),
            )
            .into());
        }
        Err(Fault::Internal(format!(
            "not supported yet: yield from or await on a '{type_name}' object"
        )))
    }

    /// `END_SEND`: drop the receiver under the result.
    pub(crate) fn end_send(&mut self) -> Result<(), Fault> {
        let value = self.pop_value()?;
        let receiver = self.pop_value()?;
        self.heap.decref(receiver);
        self.push_value(value)
    }

    /// `CLEANUP_THROW`: stack is receiver, last sent value, exception. A StopIteration
    /// thrown in (the delegated-to generator returned during `throw` or `close`) ends the
    /// `yield from` with its value; anything else is raised again.
    pub(crate) fn cleanup_throw(&mut self) -> Result<(), Fault> {
        let exception = self.pop_value()?;
        let Some(value) = self.stop_iteration_value(exception) else {
            self.reraising = true;
            return Err(Fault::Exception(exception));
        };
        self.heap.incref(value);
        self.heap.decref(exception);
        let last_sent = self.pop_value()?;
        let receiver = self.pop_value()?;
        self.release(&[last_sent, receiver]);
        let none = self.none;
        self.push_value(none)?;
        self.push_value(value)
    }

    /// `GET_AWAITABLE where`: what `await` waits on — a coroutine as it is (unless something
    /// already awaits it).
    pub(crate) fn get_awaitable(&mut self, where_: u32) -> Result<(), Fault> {
        let awaitable = self.pop_value()?;
        match self.generator(awaitable).map(|g| g.kind) {
            Some(GeneratorKind::Coroutine) => {
                if self.delegated_to(awaitable).is_some() {
                    self.heap.decref(awaitable);
                    return Err(
                        Raise::new("RuntimeError", "coroutine is being awaited already").into(),
                    );
                }
                return self.push_value(awaitable);
            }
            Some(GeneratorKind::Generator) => {}
            None if matches!(self.heap.get(awaitable), Some(Object::Instance { .. })) => {
                self.heap.decref(awaitable);
                return Err(Fault::Internal(
                    "not supported yet: awaiting an object with __await__".to_string(),
                ));
            }
            None => {}
        }
        let type_name = self.type_name_of(awaitable);
        self.heap.decref(awaitable);
        let message = match where_ {
            1 => format!(
                "'async with' received an object from __aenter__ that does not implement \
                 __await__: {type_name}"
            ),
            2 => format!(
                "'async with' received an object from __aexit__ that does not implement \
                 __await__: {type_name}"
            ),
            _ => format!("'{type_name}' object can't be awaited"),
        };
        Err(Raise::new("TypeError", message).into())
    }

    /// Whether `id` is an iterator object other than a generator (has `__next__`, maybe a
    /// user class's).
    fn is_iterator_object(&self, id: ObjId) -> bool {
        self.is_any_iterator(id)
    }
}
