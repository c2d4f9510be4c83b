//! Generators: a generator function's frame is kept in a generator object between `yield`s;
//! `FOR_ITER` resumes it as a frame on the VM's stack (each of its instructions a step), and
//! `YIELD_VALUE` suspends it again with the value for the loop.
//!
//! CPython: `Objects/genobject.c` (`gen_send_ex2`, `gen_iternext`), `Python/bytecodes.c`
//! (`RETURN_GENERATOR`, `YIELD_VALUE`, `FOR_ITER_GEN`), `Python/intrinsics.c`
//! (`INTRINSIC_STOPITERATION_ERROR`). Built-ins that read a whole iterable (`list`, `tuple`,
//! `sum`, `sorted`, `min`, `max`, `str.join`, `dict`) run a generator argument to its end
//! first and are then called with the list of its values — the same values in the same order;
//! built-ins that read lazily (`next`, `zip`, `any`, …) do not take generators yet.

use crate::frame::{Drain, Frame, ReturnAction};
use crate::heap::ObjId;
use crate::objects::{GeneratorState, Object, Raise};
use crate::vm::{Fault, Vm};

impl Vm {
    pub(crate) fn is_generator(&self, id: ObjId) -> bool {
        matches!(self.heap.get(id), Some(Object::Generator { .. }))
    }

    /// `RETURN_GENERATOR`: the frame just entered becomes a generator object, which is the
    /// call's result; the frame waits inside it for the first `next`.
    pub(crate) fn return_generator(&mut self) -> Result<(), Fault> {
        let mut frame = self
            .frames
            .pop()
            .ok_or_else(|| Fault::Internal("RETURN_GENERATOR with no frame".to_string()))?;
        // The call's pending action (native code waiting for `__iter__`) gets the generator.
        let action = std::mem::take(&mut frame.on_return);
        let name = frame.code.name.clone();
        let qualname = frame.code.qualname.clone();
        let generator = self.new_result(Object::Generator {
            frame: Some(Box::new(frame)),
            state: GeneratorState::Created,
            name,
            qualname,
        })?;
        self.complete_return(action, generator)
    }

    /// Resumes a generator: its frame goes back on the stack with `None` (the value `send`
    /// would deliver) on its value stack. `Ok(false)` when it has already finished.
    fn resume_generator(
        &mut self,
        generator: ObjId,
        exit: Option<u32>,
        drain: Option<Box<Drain>>,
    ) -> Result<bool, Fault> {
        let taken = self.heap.update(generator, |object| match object {
            Object::Generator { frame, state, .. } => match state {
                GeneratorState::Running => Err(()),
                GeneratorState::Finished => Ok(None),
                _ => {
                    *state = GeneratorState::Running;
                    Ok(frame.take())
                }
            },
            _ => Ok(None),
        });
        let frame = match taken {
            Some(Err(())) => {
                return Err(Raise::new("ValueError", "generator already executing").into())
            }
            Some(Ok(Some(frame))) => frame,
            _ => return Ok(false),
        };
        if self.frames.len() >= self.limits.recursion as usize {
            self.suspend(generator, *frame);
            return Err(Raise::new("RecursionError", "maximum recursion depth exceeded").into());
        }
        let none = self.none;
        self.heap.incref(generator);
        let mut frame = *frame;
        frame.stack.push(Some(none));
        frame.on_return = ReturnAction::Generator {
            generator,
            exit,
            drain,
        };
        self.frames.push(frame);
        Ok(true)
    }

    /// Puts a frame back into its generator, suspended.
    fn suspend(&mut self, generator: ObjId, frame: Frame) {
        self.heap.update(generator, |object| {
            if let Object::Generator {
                frame: slot, state, ..
            } = object
            {
                *slot = Some(Box::new(frame));
                *state = GeneratorState::Suspended;
            }
        });
    }

    /// `FOR_ITER` over a generator: resume it; exhausted, jump past the loop.
    pub(crate) fn for_iter_generator(&mut self, generator: ObjId, exit: u32) -> Result<(), Fault> {
        if !self.resume_generator(generator, Some(exit), None)? {
            self.frame()?.next_offset = exit;
        }
        Ok(())
    }

    /// `YIELD_VALUE`: the generator's frame goes back into the generator and the value goes
    /// to whoever resumed it (a `for` loop), or into the list a draining built-in collects.
    pub(crate) fn yield_value(&mut self) -> Result<(), Fault> {
        let value = self.pop_value()?;
        let action = std::mem::take(&mut self.frame()?.on_return);
        let ReturnAction::Generator {
            generator,
            exit,
            drain,
        } = action
        else {
            self.heap.decref(value);
            return Err(Fault::Internal(
                "yield outside a resumed generator".to_string(),
            ));
        };
        if let Some(mut drain) = drain {
            // Draining: keep the value and carry straight on.
            drain.collected.push(value);
            let none = self.none;
            let frame = self.frame()?;
            frame.stack.push(Some(none));
            frame.on_return = ReturnAction::Generator {
                generator,
                exit,
                drain: Some(drain),
            };
            return Ok(());
        }
        let frame = self
            .frames
            .pop()
            .ok_or_else(|| Fault::Internal("yield with no frame".to_string()))?;
        self.suspend(generator, frame);
        self.heap.decref(generator);
        self.push_value(value)
    }

    /// The generator's frame returned (or was unwound): it is finished.
    pub(crate) fn finish_generator(&mut self, generator: ObjId) {
        self.heap.update(generator, |object| {
            if let Object::Generator { frame, state, .. } = object {
                *frame = None;
                *state = GeneratorState::Finished;
            }
        });
    }

    /// A generator's frame returned to its resumer: a `for` loop ends; a draining built-in
    /// is called with the values collected.
    pub(crate) fn generator_returned(
        &mut self,
        generator: ObjId,
        exit: Option<u32>,
        drain: Option<Box<Drain>>,
        returned: ObjId,
    ) -> Result<(), Fault> {
        self.heap.decref(returned);
        self.finish_generator(generator);
        self.heap.decref(generator);
        if let Some(drain) = drain {
            let Drain {
                callable,
                mut args,
                positional_count,
                keywords,
                index,
                collected,
            } = *drain;
            let list = self.new_result(Object::List(collected))?;
            let old = std::mem::replace(&mut args[index], list);
            self.heap.decref(old);
            let keywords = keywords
                .into_iter()
                .zip(args[positional_count..].iter().copied())
                .collect();
            return self.call_values(callable, args, positional_count, keywords);
        }
        if let Some(exit) = exit {
            self.frame()?.next_offset = exit;
        }
        Ok(())
    }

    /// Built-ins that read all of an iterable argument before doing anything else.
    pub(crate) fn drains_generators(&self, callable: ObjId) -> bool {
        match self.heap.get(callable) {
            Some(Object::Type(t)) => matches!(t.native, Some("list" | "tuple" | "dict")),
            Some(Object::BuiltinFunction(builtin)) => {
                matches!(builtin.name(), "sum" | "sorted" | "min" | "max")
            }
            Some(Object::BuiltinMethod {
                type_name, name, ..
            }) => {
                *type_name == "str" && *name == "join" || *type_name == "list" && *name == "extend"
            }
            _ => false,
        }
    }

    /// Runs the generator `args[index]` to its end for a call that reads everything.
    pub(crate) fn start_drain(
        &mut self,
        callable: ObjId,
        args: Vec<ObjId>,
        positional_count: usize,
        keywords: Vec<(String, ObjId)>,
        index: usize,
    ) -> Result<(), Fault> {
        let generator = args[index];
        let finished = matches!(
            self.heap.get(generator),
            Some(Object::Generator {
                state: GeneratorState::Finished,
                ..
            })
        );
        if finished {
            // It has nothing more to give: the call reads an empty list.
            let list = self.new_result(Object::List(Vec::new()))?;
            let mut args = args;
            let old = std::mem::replace(&mut args[index], list);
            self.heap.decref(old);
            return self.call_values(callable, args, positional_count, keywords);
        }
        let drain = Box::new(Drain {
            callable,
            args: args.clone(),
            positional_count,
            keywords: keywords.into_iter().map(|(name, _)| name).collect(),
            index,
            collected: Vec::new(),
        });
        if let Err(fault) = self.resume_generator(generator, None, Some(drain)) {
            self.release(&args);
            self.heap.decref(callable);
            return Err(fault);
        }
        Ok(())
    }

    /// `CALL_INTRINSIC_1 INTRINSIC_STOPITERATION_ERROR`: a StopIteration escaping a
    /// generator becomes `RuntimeError: generator raised StopIteration` (PEP 479).
    pub(crate) fn stopiteration_error(&mut self) -> Result<(), Fault> {
        let exception = self.pop_value()?;
        let stop = self.builtin_type("StopIteration");
        let is_stop = match self.heap.get(exception) {
            Some(Object::Exception(e)) => stop.is_some_and(|s| self.is_subclass(e.class, s)),
            _ => false,
        };
        if !is_stop {
            return self.push_value(exception);
        }
        let class = self
            .builtin_type("RuntimeError")
            .ok_or_else(|| Fault::Internal("no RuntimeError".to_string()))?;
        let message = self.new_str("generator raised StopIteration".to_string());
        let replacement = self.new_exception(class, &[message]);
        self.heap.decref(message);
        let replacement = replacement?;
        self.heap.update(replacement, |object| {
            if let Object::Exception(e) = object {
                e.cause = Some(exception);
                e.context = None;
            }
        });
        self.push_value(replacement)
    }
}
