//! Native code waiting for a Python call: when an instruction or a built-in calls Python code
//! (a dunder method, a key function, the function `map` applies), the callee runs as a real
//! frame the student steps through, and the waiting operation is kept as a *continuation* on
//! that frame: its state, plus what to do with the value the frame returns (finish and push a
//! result, or call again, as `sorted` does with each key) or with an exception escaping it
//! (`StopIteration` ends a loop over a user iterator).
//!
//! CPython: `Objects/call.c` (`PyObject_CallOneArg`, `_PyObject_Call`). CPython calls Python
//! code from C on the C stack and carries on when the call returns; pyxray never holds the Rust
//! stack across a Python call, so that `step()` and `seek()` can stop between any two
//! instructions of any frame. Nothing observable differs: the same calls in the same order.
//!
//! A new protocol user implements [`Continuation`] for a small state struct and starts the
//! call with [`Vm::call_then`]; no new `ReturnAction` variant or dispatch arm is needed.

use std::any::Any;
use std::fmt::Debug;

use crate::frame::ReturnAction;
use crate::heap::ObjId;
use crate::vm::{Fault, Vm};

/// An operation waiting for a Python call's result. The state it keeps owns its references
/// (`references` lists them, for the frame panel, the cycle collector and for release).
pub(crate) trait Continuation: Debug + ContinuationClone {
    /// The native function or instruction that waits, as a call stack shows it (`sorted`).
    fn name(&self) -> &'static str;

    /// The references the waiting state owns.
    fn references(&self) -> Vec<ObjId>;

    /// The call returned `returned` (an owned reference): finish the operation (push its
    /// result on the caller's stack) or go on (call again with a new continuation).
    fn resume(self: Box<Self>, vm: &mut Vm, returned: ObjId) -> Result<(), Fault>;

    /// An exception (an owned reference) escaped the call. `Ok(())` when the operation
    /// handles it and completes; by default it gives up its references and lets it go on.
    fn throw(self: Box<Self>, vm: &mut Vm, exception: ObjId) -> Result<(), Fault> {
        let held = self.references();
        vm.release(&held);
        Err(Fault::Exception(exception))
    }
}

/// Cloning and comparing boxed continuations (a checkpoint clones the frames), for every
/// continuation type that is `Clone + PartialEq`.
pub(crate) trait ContinuationClone {
    fn clone_box(&self) -> Box<dyn Continuation>;
    fn as_any(&self) -> &dyn Any;
    fn equals(&self, other: &dyn Continuation) -> bool;
}

impl<T: Continuation + Clone + PartialEq + 'static> ContinuationClone for T {
    fn clone_box(&self) -> Box<dyn Continuation> {
        Box::new(self.clone())
    }

    fn as_any(&self) -> &dyn Any {
        self
    }

    fn equals(&self, other: &dyn Continuation) -> bool {
        other.as_any().downcast_ref::<T>() == Some(self)
    }
}

/// A frame's waiting continuation, as `ReturnAction::Native` holds it.
#[derive(Debug)]
pub struct Waiting(pub(crate) Box<dyn Continuation>);

impl Clone for Waiting {
    fn clone(&self) -> Self {
        Waiting(self.0.clone_box())
    }
}

impl PartialEq for Waiting {
    fn eq(&self, other: &Self) -> bool {
        self.0.equals(other.0.as_ref())
    }
}

impl Waiting {
    /// The native function or instruction waiting.
    pub fn name(&self) -> &'static str {
        self.0.name()
    }

    pub fn references(&self) -> Vec<ObjId> {
        self.0.references()
    }
}

/// A frame that finishes some other pending action first (`__init__` of a class that `map`
/// calls, a sort's key call), then hands that action's result to `then`.
#[derive(Clone, Debug, PartialEq)]
struct Chained {
    inner: ReturnAction,
    then: Waiting,
}

impl Continuation for Chained {
    fn name(&self) -> &'static str {
        self.then.name()
    }

    fn references(&self) -> Vec<ObjId> {
        let mut held = self.inner.references();
        held.extend(self.then.references());
        held
    }

    fn resume(self: Box<Self>, vm: &mut Vm, returned: ObjId) -> Result<(), Fault> {
        let depth = vm.frames.len();
        let then = self.then;
        if let Err(fault) = vm.complete_return(self.inner, returned) {
            let held = then.references();
            vm.release(&held);
            return Err(fault);
        }
        vm.hand_result(depth, then.0)
    }

    fn throw(self: Box<Self>, vm: &mut Vm, exception: ObjId) -> Result<(), Fault> {
        let held = self.inner.references();
        vm.release(&held);
        self.then.0.throw(vm, exception)
    }
}

impl Vm {
    /// Calls `callable` (borrowed) with `args` (owned); `then` receives its result. A Python
    /// function runs as a frame carrying `then`; a native callable answers at once.
    pub(crate) fn call_then(
        &mut self,
        callable: ObjId,
        args: Vec<ObjId>,
        then: Box<dyn Continuation>,
    ) -> Result<(), Fault> {
        let depth = self.frames.len();
        self.heap.incref(callable);
        let count = args.len();
        if let Err(fault) = self.call_values(callable, args, count, Vec::new()) {
            let held = then.references();
            self.release(&held);
            return Err(fault);
        }
        self.hand_result(depth, then)
    }

    /// After a call made at frame depth `depth`: a new frame carries `then` (after its own
    /// pending action, if it has one); otherwise the result is on the stack and goes to `then`.
    fn hand_result(&mut self, depth: usize, then: Box<dyn Continuation>) -> Result<(), Fault> {
        if self.frames.len() > depth {
            let frame = self.frame()?;
            let inner = std::mem::take(&mut frame.on_return);
            frame.on_return = match inner {
                ReturnAction::PushResult => ReturnAction::Native(Waiting(then)),
                inner => ReturnAction::Native(Waiting(Box::new(Chained {
                    inner,
                    then: Waiting(then),
                }))),
            };
            return Ok(());
        }
        match self.pop() {
            Ok(Some(result)) => then.resume(self, result),
            _ => {
                let held = then.references();
                self.release(&held);
                Err(Fault::Internal("a call left no result".to_string()))
            }
        }
    }

    /// An exception escaped a frame whose caller waits in native code: the continuation
    /// handles it (`Ok(None)`) or it goes on (`Ok(Some(fault))`, maybe another one).
    pub(crate) fn throw_to_waiting(&mut self, waiting: Waiting, exception: ObjId) -> Option<Fault> {
        waiting.0.throw(self, exception).err()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text_calls::PushValue;

    /// A checkpoint clones frames: a cloned continuation equals its original, and
    /// continuations of different kinds or states differ.
    #[test]
    fn waiting_continuations_clone_and_compare_by_kind_and_state() {
        let waiting = Waiting(Box::new(PushValue("len")));
        assert_eq!(waiting.clone(), waiting);
        assert_eq!(waiting.name(), "len");
        assert_ne!(waiting, Waiting(Box::new(PushValue("abs"))));
        let chained = Waiting(Box::new(Chained {
            inner: ReturnAction::PushResult,
            then: waiting.clone(),
        }));
        assert_ne!(chained, waiting);
        assert_eq!(chained.clone(), chained);
        assert_eq!(chained.name(), "len");
    }
}
