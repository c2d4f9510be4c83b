//! Generators and coroutines: a generator function's frame is kept in a generator object
//! between `yield`s and put back on the VM's stack each time something resumes it, so every
//! instruction it runs is a step the student sees.
//!
//! CPython: `Objects/genobject.c` (`gen_send_ex2`, `gen_iternext`, `_PyGen_yf`,
//! `_PyGen_SetStopIterationValue`), `Python/bytecodes.c` (`RETURN_GENERATOR`, `YIELD_VALUE`,
//! `RETURN_VALUE` in a generator), `Python/intrinsics.c` (`INTRINSIC_STOPITERATION_ERROR`),
//! `Python/errors.c` (`_PyErr_GetTopmostException`). CPython's `gen_send_ex2` runs the frame on
//! the C stack and returns what it yields; pyxray instead records in the running frame who
//! resumed it (a [`Resumer`]) and hands the yield, the return or the exception to that
//! resumer when it happens. The same values reach the same places in the same order.

mod lazy;
mod methods;
mod yield_from;

pub use lazy::{Drain, NativeStep};
pub(crate) use methods::{GENERATOR_MEMBERS, GENERATOR_METHODS};

use pyxray_bytecode::code::flags;

use crate::frame::ReturnAction;
use crate::heap::ObjId;
use crate::objects::{GeneratorKind, GeneratorObject, GeneratorState, Object, Raise};
use crate::vm::{Fault, Vm};

/// Who resumed a running generator, and so what its next yield, return or exception means.
#[derive(Clone, Debug, PartialEq)]
pub enum Resumer {
    /// `FOR_ITER`: a yielded value is the loop's next item; a return ends the loop, whose
    /// frame jumps to `exit`.
    ForIter { exit: u32 },
    /// `SEND` (`yield from`, `await`): a yielded value is pushed for the delegating frame
    /// to yield in turn; the return value is pushed and the frame jumps to `exit`.
    Send { exit: u32 },
    /// A call: `next(g)`, `g.send(v)`, `g.throw(e)`. A yielded value is its result; a
    /// return raises `StopIteration(value)`, or gives `default` (owned) for `next(g, d)`.
    Call { default: Option<ObjId> },
    /// `g.close()` threw `GeneratorExit` in: the generator coming back out with it (or
    /// returning) is closed; yielding is an error. `outer` (owned) are the generators that
    /// delegate to it with `yield from`, innermost last, closed in turn afterwards.
    Close {
        outer: Vec<ObjId>,
        kind: GeneratorKind,
    },
    /// `g.throw(e)` passed on by a generator delegating to this one (`_gen_throw`): its
    /// yield is the delegating generator's yield; its return is `StopIteration` thrown
    /// into the delegating generator.
    Delegate,
    /// A built-in that reads everything (`list(g)`, `sum(g)`, …).
    Drain(Box<Drain>),
    /// A native iterator or built-in waiting for the item (`enumerate`, `zip`, `any`, …).
    Native(Box<NativeStep>),
    /// A continuation from `native_call.rs` (a loop over a user iterator's `map`, a lazy
    /// built-in calling a Python function, …): a yielded value resumes it; the end is a
    /// `StopIteration` thrown into it.
    Waiting(crate::native_call::Waiting),
}

impl Resumer {
    /// The references it holds.
    pub fn references(&self) -> Vec<ObjId> {
        match self {
            Resumer::ForIter { .. } | Resumer::Send { .. } | Resumer::Delegate => Vec::new(),
            Resumer::Call { default } => default.iter().copied().collect(),
            Resumer::Close { outer, .. } => outer.clone(),
            Resumer::Drain(drain) => drain.references(),
            Resumer::Native(step) => step.references(),
            Resumer::Waiting(waiting) => waiting.references(),
        }
    }
}

/// What a generator hands its resumer (owned references): a yielded value, or the end
/// with its return value.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum Delivery {
    Item(ObjId),
    Exhausted(ObjId),
}

/// After an exception left a frame: unwind on with this exception, stop (handled), or
/// unwind anew with another fault raised while handling it.
pub(crate) enum Unwound {
    Continue(ObjId),
    Handled,
    Fault(Fault),
}

/// `RESUME`'s operand bit saying the frame is in no `try` of its own (only the generated
/// StopIteration handler): `close()` then need not run it (`RESUME_OPARG_DEPTH1_MASK`).
const RESUME_OPARG_DEPTH1_MASK: u32 = 0x4;

impl Vm {
    pub(crate) fn is_generator(&self, id: ObjId) -> bool {
        matches!(self.heap.get(id), Some(Object::Generator(_)))
    }

    pub(crate) fn generator(&self, id: ObjId) -> Option<&GeneratorObject> {
        match self.heap.get(id) {
            Some(Object::Generator(generator)) => Some(generator),
            _ => None,
        }
    }

    /// Whether `id` is a generator (not a coroutine): what `for` and `next` accept.
    pub(crate) fn is_plain_generator(&self, id: ObjId) -> bool {
        self.generator(id)
            .is_some_and(|g| g.kind == GeneratorKind::Generator)
    }

    /// `RETURN_GENERATOR`: the frame just entered becomes a generator (or coroutine) object,
    /// which is the call's result; the frame waits inside it to be resumed.
    pub(crate) fn return_generator(&mut self) -> Result<(), Fault> {
        let code_flags = self.frame()?.code.flags;
        if code_flags & flags::ASYNC_GENERATOR != 0 {
            return Err(Fault::Internal(
                "not supported yet: asynchronous generators".to_string(),
            ));
        }
        let kind = if code_flags & flags::COROUTINE != 0 {
            GeneratorKind::Coroutine
        } else {
            GeneratorKind::Generator
        };
        let mut frame = self
            .frames
            .pop()
            .ok_or_else(|| Fault::Internal("RETURN_GENERATOR with no frame".to_string()))?;
        let action = std::mem::take(&mut frame.on_return);
        self.heap.incref(frame.code_object);
        let generator = self.new_object(Object::Generator(Box::new(GeneratorObject {
            name: frame.code.name.clone(),
            qualname: frame.code.qualname.clone(),
            code: frame.code_object,
            frame: Some(Box::new(frame)),
            state: GeneratorState::Created,
            kind,
            exc_state: None,
        })));
        // The generator is what the call returns, wherever its result goes.
        self.return_to_caller(action, generator)
    }

    /// `gen_send_ex2`'s checks before resuming; `sending` a value other than `None`. The
    /// state it is in when it may be resumed (or has finished).
    fn check_resumable(&self, generator: ObjId, sending: bool) -> Result<GeneratorState, Fault> {
        let g = self
            .generator(generator)
            .ok_or_else(|| Fault::Internal("resumed something not a generator".to_string()))?;
        let word = g.kind.type_name();
        match g.state {
            GeneratorState::Created if sending => Err(Raise::new(
                "TypeError",
                format!("can't send non-None value to a just-started {word}"),
            )
            .into()),
            GeneratorState::Running => {
                Err(Raise::new("ValueError", format!("{word} already executing")).into())
            }
            GeneratorState::Finished if g.kind == GeneratorKind::Coroutine => {
                Err(Raise::new("RuntimeError", "cannot reuse already awaited coroutine").into())
            }
            state => Ok(state),
        }
    }

    /// Puts a suspended generator's frame back on the stack, running, for `resumer`, with
    /// `sent` (owned) pushed as the value of the `yield` it stopped at. Its own handled
    /// exception becomes the current one; the resumer's is kept to be restored.
    fn enter_generator(
        &mut self,
        generator: ObjId,
        resumer: Resumer,
        sent: Option<ObjId>,
    ) -> Result<(), Fault> {
        let taken = self.heap.update(generator, |object| match object {
            Object::Generator(g) => {
                let state = std::mem::replace(&mut g.state, GeneratorState::Running);
                Some((g.frame.take(), g.exc_state.take(), state))
            }
            _ => None,
        });
        let (frame, exc_state, state) = match taken.flatten() {
            Some((Some(frame), exc_state, state)) => (frame, exc_state, state),
            _ => {
                self.release_resumer(resumer);
                self.release(&sent.into_iter().collect::<Vec<_>>());
                return Err(Fault::Internal(
                    "resumed a generator without a frame".to_string(),
                ));
            }
        };
        if self.frames.len() >= self.limits.recursion as usize {
            self.heap.update(generator, |object| {
                if let Object::Generator(g) = object {
                    g.frame = Some(frame);
                    g.exc_state = exc_state;
                    g.state = state;
                }
            });
            self.release_resumer(resumer);
            self.release(&sent.into_iter().collect::<Vec<_>>());
            return Err(Raise::new("RecursionError", "maximum recursion depth exceeded").into());
        }
        self.heap.incref(generator);
        let previous_exception = std::mem::replace(&mut self.handled_exception, exc_state);
        let mut frame = *frame;
        frame.stack.extend(sent.map(Some));
        frame.on_return = ReturnAction::Generator {
            generator,
            resumer,
            previous_exception,
        };
        self.frames.push(frame);
        Ok(())
    }

    /// Resumes `generator` with `sent` (owned) for `resumer` (`gen_send_ex2`); one that has
    /// finished gives the resumer its end at once.
    pub(crate) fn send_then(
        &mut self,
        generator: ObjId,
        sent: ObjId,
        resumer: Resumer,
    ) -> Result<(), Fault> {
        match self.check_resumable(generator, sent != self.none) {
            Err(fault) => {
                self.heap.decref(sent);
                self.release_resumer(resumer);
                Err(fault)
            }
            Ok(GeneratorState::Finished) => {
                self.heap.decref(sent);
                let none = self.none;
                self.deliver(resumer, Delivery::Exhausted(none))
            }
            Ok(_) => self.enter_generator(generator, resumer, Some(sent)),
        }
    }

    /// Takes the running generator frame on top of the stack back into its generator,
    /// suspended; returns the generator and who had resumed it.
    fn suspend_running(&mut self) -> Result<(ObjId, Resumer), Fault> {
        let mut frame = self
            .frames
            .pop()
            .ok_or_else(|| Fault::Internal("suspended with no frame".to_string()))?;
        let ReturnAction::Generator {
            generator,
            resumer,
            previous_exception,
        } = std::mem::take(&mut frame.on_return)
        else {
            self.frames.push(frame);
            return Err(Fault::Internal(
                "yield outside a resumed generator".to_string(),
            ));
        };
        let exc_state = std::mem::replace(&mut self.handled_exception, previous_exception);
        self.heap.update(generator, |object| {
            if let Object::Generator(g) = object {
                g.frame = Some(Box::new(frame));
                g.state = GeneratorState::Suspended;
                g.exc_state = exc_state;
            }
        });
        Ok((generator, resumer))
    }

    /// `YIELD_VALUE`: the generator's frame goes back into the generator and the value goes
    /// to whoever resumed it.
    pub(crate) fn yield_value(&mut self) -> Result<(), Fault> {
        let value = self.pop_value()?;
        let (generator, resumer) = match self.suspend_running() {
            Ok(suspended) => suspended,
            Err(fault) => {
                self.heap.decref(value);
                return Err(fault);
            }
        };
        self.heap.decref(generator);
        self.deliver(resumer, Delivery::Item(value))
    }

    /// The generator's frame has left the stack for good (returned or unwound): it is
    /// finished, and the resumer's handled exception is current again.
    fn finish_generator(&mut self, generator: ObjId, previous_exception: Option<ObjId>) {
        let current = std::mem::replace(&mut self.handled_exception, previous_exception);
        let dropped = self.heap.update(generator, |object| match object {
            Object::Generator(g) => {
                g.state = GeneratorState::Finished;
                let frame = g.frame.take().map(|f| f.references()).unwrap_or_default();
                frame.into_iter().chain(g.exc_state.take()).collect()
            }
            _ => Vec::new(),
        });
        self.release(&dropped.unwrap_or_default());
        self.release(&current.into_iter().collect::<Vec<_>>());
    }

    /// `RETURN_VALUE` in a generator's frame (already off the stack): the resumer gets the
    /// end and the value.
    pub(crate) fn generator_returned(
        &mut self,
        generator: ObjId,
        resumer: Resumer,
        previous_exception: Option<ObjId>,
        value: ObjId,
    ) -> Result<(), Fault> {
        self.finish_generator(generator, previous_exception);
        self.heap.decref(generator);
        self.deliver(resumer, Delivery::Exhausted(value))
    }

    /// An exception left a frame whose return action is `action`: release what it held; a
    /// generator's frame finishes it, and its resumer may take the exception.
    pub(crate) fn frame_unwound(&mut self, action: ReturnAction, exception: ObjId) -> Unwound {
        let ReturnAction::Generator {
            generator,
            resumer,
            previous_exception,
        } = action
        else {
            return match action {
                // Native code waits for this frame: it may handle the exception.
                ReturnAction::Native(waiting) => self.unwound_into(waiting, exception),
                ReturnAction::ImportModule { module } => {
                    self.abandon_library_import(module);
                    Unwound::Continue(exception)
                }
                other => {
                    self.release(&other.references());
                    Unwound::Continue(exception)
                }
            };
        };
        self.finish_generator(generator, previous_exception);
        self.heap.decref(generator);
        match resumer {
            Resumer::Close { outer, kind } => self.close_raised(outer, kind, exception),
            Resumer::Delegate => {
                // Thrown on into the delegating generator, whose frame is next: first the
                // `None` that resuming it with an exception pushes.
                let none = self.none;
                if let Ok(frame) = self.frame() {
                    frame.stack.push(Some(none));
                }
                Unwound::Continue(exception)
            }
            Resumer::Waiting(waiting) => self.unwound_into(waiting, exception),
            other => {
                self.release_resumer(other);
                Unwound::Continue(exception)
            }
        }
    }

    /// An exception escaped into a waiting continuation, which handles it or passes it on.
    fn unwound_into(&mut self, waiting: crate::native_call::Waiting, exception: ObjId) -> Unwound {
        match self.throw_to_waiting(waiting, exception) {
            None => Unwound::Handled,
            Some(Fault::Exception(same)) if same == exception => Unwound::Continue(same),
            Some(other) => Unwound::Fault(other),
        }
    }

    /// Hands a generator's yield or end to whoever resumed it.
    pub(crate) fn deliver(&mut self, resumer: Resumer, delivery: Delivery) -> Result<(), Fault> {
        match (resumer, delivery) {
            (Resumer::Call { default }, Delivery::Item(value)) => {
                self.release(&default.into_iter().collect::<Vec<_>>());
                self.push_value(value)
            }
            (Resumer::ForIter { .. } | Resumer::Send { .. }, Delivery::Item(value)) => {
                self.push_value(value)
            }
            (Resumer::ForIter { exit }, Delivery::Exhausted(value)) => {
                self.heap.decref(value);
                self.frame()?.next_offset = exit;
                Ok(())
            }
            (Resumer::Send { exit }, Delivery::Exhausted(value)) => {
                self.push_value(value)?;
                self.frame()?.next_offset = exit;
                Ok(())
            }
            (
                Resumer::Call {
                    default: Some(default),
                },
                Delivery::Exhausted(value),
            ) => {
                self.heap.decref(value);
                self.push_value(default)
            }
            (Resumer::Call { default: None }, Delivery::Exhausted(value)) => {
                let stop = self.stop_iteration(value)?;
                Err(Fault::Exception(stop))
            }
            (Resumer::Close { outer, kind }, delivery) => {
                self.close_delivered(outer, kind, delivery)
            }
            (Resumer::Delegate, Delivery::Item(value)) => {
                // The delegating generator yields it too, and is suspended again.
                let (generator, resumer) = match self.suspend_running() {
                    Ok(suspended) => suspended,
                    Err(fault) => {
                        self.heap.decref(value);
                        return Err(fault);
                    }
                };
                self.heap.decref(generator);
                self.deliver(resumer, Delivery::Item(value))
            }
            (Resumer::Delegate, Delivery::Exhausted(value)) => {
                let stop = self.stop_iteration(value)?;
                let none = self.none;
                self.frame()?.stack.push(Some(none));
                Err(Fault::Exception(stop))
            }
            (Resumer::Drain(drain), delivery) => self.drain_delivered(*drain, delivery),
            (Resumer::Native(step), delivery) => self.native_delivered(*step, delivery),
            (Resumer::Waiting(waiting), Delivery::Item(value)) => waiting.0.resume(self, value),
            (Resumer::Waiting(waiting), Delivery::Exhausted(value)) => {
                let stop = match self.stop_iteration(value) {
                    Ok(stop) => stop,
                    Err(fault) => {
                        let held = waiting.references();
                        self.release(&held);
                        return Err(fault);
                    }
                };
                waiting.0.throw(self, stop)
            }
        }
    }

    pub(crate) fn release_resumer(&mut self, resumer: Resumer) {
        self.release(&resumer.references());
    }

    /// The exception a generator's `return value` raises for a caller that is not a loop:
    /// `StopIteration(value)`, or `StopIteration()` for `None` (`_PyGen_SetStopIterationValue`).
    pub(crate) fn stop_iteration(&mut self, value: ObjId) -> Result<ObjId, Fault> {
        let class = self
            .builtin_type("StopIteration")
            .ok_or_else(|| Fault::Internal("no StopIteration".to_string()))?;
        let args: Vec<ObjId> = if value == self.none {
            Vec::new()
        } else {
            vec![value]
        };
        let exception = self.new_exception_with(class, &args, &[]);
        self.heap.decref(value);
        exception
    }

    /// `StopIteration.value`: its first argument, or `None`.
    pub(crate) fn stop_iteration_value(&self, exception: ObjId) -> Option<ObjId> {
        if !self.exception_is(exception, "StopIteration") {
            return None;
        }
        match self.heap.get(exception) {
            Some(Object::Exception(e)) => Some(e.args.first().copied().unwrap_or(self.none)),
            _ => None,
        }
    }

    /// `_PyErr_GetTopmostException`: the exception being handled, looking past running
    /// generators that handle none of their own to the code that resumed them.
    pub(crate) fn topmost_exception(&self) -> Option<ObjId> {
        self.handled_exception.or_else(|| {
            self.frames
                .iter()
                .rev()
                .find_map(|frame| match &frame.on_return {
                    ReturnAction::Generator {
                        previous_exception, ..
                    } => *previous_exception,
                    _ => None,
                })
        })
    }

    /// `CALL_INTRINSIC_1 INTRINSIC_STOPITERATION_ERROR`: a StopIteration escaping a
    /// generator or coroutine becomes a RuntimeError caused by it (PEP 479).
    pub(crate) fn stopiteration_error(&mut self) -> Result<(), Fault> {
        let exception = self.pop_value()?;
        if !self.exception_is(exception, "StopIteration") {
            return self.push_value(exception);
        }
        let word = if self.frame()?.code.flags & flags::COROUTINE != 0 {
            "coroutine"
        } else {
            "generator"
        };
        let class = self
            .builtin_type("RuntimeError")
            .ok_or_else(|| Fault::Internal("no RuntimeError".to_string()))?;
        let message = self.new_str(format!("{word} raised StopIteration"));
        let replacement = self.new_exception(class, &[message]);
        self.heap.decref(message);
        let replacement = replacement?;
        // `PyException_SetCause` and `PyException_SetContext`, both the StopIteration.
        self.heap.incref(exception);
        self.heap.update(replacement, |object| {
            if let Object::Exception(e) = object {
                e.cause = Some(exception);
                e.context = Some(exception);
                e.suppress_context = true;
            }
        });
        self.push_value(replacement)
    }

    /// Whether the suspended generator's next instruction is a `RESUME` outside any `try`
    /// of its own, so closing it runs nothing (`gen_close`'s shortcut).
    fn suspended_outside_try(&self, generator: ObjId) -> bool {
        let Some(frame) = self.generator(generator).and_then(|g| g.frame.as_ref()) else {
            return false;
        };
        let offset = frame.next_offset as usize;
        match (frame.code.code.get(offset), frame.code.code.get(offset + 1)) {
            (Some(&op), Some(&arg)) => {
                pyxray_bytecode::opcode::Opcode::from_number(u16::from(op))
                    == Some(pyxray_bytecode::opcode::Opcode::Resume)
                    && u32::from(arg) & RESUME_OPARG_DEPTH1_MASK != 0
            }
            _ => false,
        }
    }

    /// CPython closes a generator that is deleted while suspended (`_PyGen_Finalize`), and
    /// those still alive when the program ends; pyxray cannot run a frame from a deallocation
    /// yet, so a close that would run the program's code (an `except` or `finally` around
    /// the `yield`) stops the run as unsupported rather than skipping that code.
    pub(crate) fn refuse_unclosed_generators(&mut self) {
        let ended = matches!(
            self.status,
            crate::vm::RunStatus::Finished | crate::vm::RunStatus::Raised(_)
        );
        let at_exit = ended
            && self
                .heap
                .slots()
                .iter()
                .any(|(_, slot)| match &slot.object {
                    Object::Generator(g) => g.closing_runs_code(&|id| self.heap.get(id)),
                    _ => false,
                });
        if at_exit || !self.heap.events.unclosed_generators.is_empty() {
            self.status = crate::vm::RunStatus::Internal(
                "not supported yet: closing a suspended generator when it is deleted or the \
                 program ends (its except or finally blocks would run)"
                    .to_string(),
            );
        }
    }

    /// `_PyGen_yf`: what a suspended generator delegates to with `yield from` or `await`
    /// (the receiver under its `YIELD_VALUE 1`), borrowed.
    pub(crate) fn delegated_to(&self, generator: ObjId) -> Option<ObjId> {
        let g = self.generator(generator)?;
        if g.state != GeneratorState::Suspended {
            return None;
        }
        let frame = g.frame.as_ref()?;
        let offset = frame.current_offset as usize;
        let op = frame.code.code.get(offset)?;
        let arg = frame.code.code.get(offset + 1)?;
        let is_yield_from = pyxray_bytecode::opcode::Opcode::from_number(u16::from(*op))
            == Some(pyxray_bytecode::opcode::Opcode::YieldValue)
            && *arg == 1;
        if !is_yield_from {
            return None;
        }
        frame.stack.last().copied().flatten()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What a waiting resumer holds is released when the generator's frame is unwound:
    /// every reference nested in it must be listed, through native steps and drains.
    #[test]
    fn a_resumer_lists_every_reference_it_holds() {
        let ids: Vec<ObjId> = (0..6).map(ObjId).collect();
        let zip = Resumer::Native(Box::new(NativeStep::Zip {
            zip: ids[0],
            items: vec![ids[1]],
            then: Resumer::Call {
                default: Some(ids[2]),
            },
        }));
        assert_eq!(zip.references(), vec![ids[0], ids[1], ids[2]]);
        let close = Resumer::Close {
            outer: vec![ids[3], ids[4]],
            kind: GeneratorKind::Generator,
        };
        assert_eq!(close.references(), vec![ids[3], ids[4]]);
        let drain = Resumer::Drain(Box::new(Drain {
            callable: ids[0],
            args: vec![ids[1]],
            positional_count: 1,
            keywords: Vec::new(),
            index: 0,
            iterator: ids[1],
            collected: vec![ids[5]],
        }));
        assert_eq!(drain.references(), vec![ids[0], ids[1], ids[1], ids[5]]);
        assert!(Resumer::ForIter { exit: 8 }.references().is_empty());
        assert!(Resumer::Delegate.references().is_empty());
        let waiting = Resumer::Waiting(crate::native_call::Waiting(Box::new(
            crate::text_calls::PushValue("next"),
        )));
        assert!(waiting.references().is_empty());
    }
}
