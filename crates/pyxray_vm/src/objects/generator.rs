//! Generator and coroutine objects: the frame of a generator function kept between
//! `yield`s, where it stands, and the exception it was handling when it last yielded.
//!
//! CPython: `Include/internal/pycore_genobject.h` (`_PyGenObject_HEAD`: `gi_iframe`,
//! `gi_frame_state`, `gi_exc_state`, `gi_name`, `gi_qualname`), `Objects/genobject.c`.
//! What runs them is `crate::generators`.

use pyxray_bytecode::dis::parse_exception_table;
use pyxray_bytecode::opcode::Opcode;

use super::Object;
use crate::frame::Frame;
use crate::heap::ObjId;

/// Where a generator stands (`gi_frame_state`; CPython's `FRAME_SUSPENDED_YIELD_FROM` is
/// `Suspended` with the frame stopped at a `YIELD_VALUE 1`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GeneratorState {
    Created,
    Suspended,
    Running,
    Finished,
}

/// What `RETURN_GENERATOR` made, from the code's flags: `def` with `yield` or `async def`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GeneratorKind {
    Generator,
    Coroutine,
}

impl GeneratorKind {
    /// `type(g).__name__`, and the word CPython's messages use.
    pub fn type_name(self) -> &'static str {
        match self {
            GeneratorKind::Generator => "generator",
            GeneratorKind::Coroutine => "coroutine",
        }
    }
}

/// A generator or coroutine (`PyGenObject`, `PyCoroObject`).
#[derive(Clone, Debug, PartialEq)]
pub struct GeneratorObject {
    /// Its frame while suspended (`None` while the frame runs on the VM's stack, and once
    /// it has finished).
    pub frame: Option<Box<Frame>>,
    pub state: GeneratorState,
    pub kind: GeneratorKind,
    pub name: String,
    pub qualname: String,
    /// `gi_code`: the heap code object (owned), kept after the frame is gone.
    pub code: ObjId,
    /// `gi_exc_state`: the exception its frame was handling when it yielded (owned).
    pub exc_state: Option<ObjId>,
}

impl GeneratorObject {
    /// Whether `close()` would run code of this suspended generator (or of one it delegates
    /// to): its frame stands inside a `try` of its own, so the `GeneratorExit` thrown in
    /// would meet an `except` or `finally`. Only the generated StopIteration handler (whose
    /// target is `CALL_INTRINSIC_1 INTRINSIC_STOPITERATION_ERROR`) runs nothing visible.
    pub fn closing_runs_code<'a>(&self, lookup: &dyn Fn(ObjId) -> Option<&'a Object>) -> bool {
        const INTRINSIC_STOPITERATION_ERROR: u8 = 3;
        let Some(frame) = self
            .frame
            .as_ref()
            .filter(|_| self.state == GeneratorState::Suspended)
        else {
            return false;
        };
        let code = &frame.code;
        let instruction = |at: usize| {
            let op = code
                .code
                .get(at)
                .copied()
                .and_then(|op| Opcode::from_number(op.into()));
            (op, code.code.get(at + 1).copied())
        };
        let table = parse_exception_table(&code.exceptiontable);
        // Follow the handlers outward from where it stands: an `except` block's cleanups
        // (`COPY 3`, `POP_EXCEPT`, `RERAISE 1`; unbinding `as name`) run nothing of the
        // program's and pass the exception on; any other handler but the generated one is
        // the program's code.
        let mut offset = frame.next_offset;
        let mut own_try = false;
        for _ in 0..table.len() {
            let Some(handler) = table.iter().find(|e| e.start <= offset && offset < e.end) else {
                break;
            };
            let target = handler.target as usize;
            match instruction(target) {
                (Some(Opcode::CallIntrinsic1), Some(INTRINSIC_STOPITERATION_ERROR)) => break,
                (Some(Opcode::Copy), Some(3))
                    if instruction(target + 2).0 == Some(Opcode::PopExcept)
                        && instruction(target + 4).0 == Some(Opcode::Reraise) =>
                {
                    offset = handler.target + 4;
                }
                // `except E as name`'s cleanup: `name = None; del name`, then on.
                (Some(Opcode::LoadConst), _)
                    if instruction(target + 2).0 == Some(Opcode::StoreFast)
                        && instruction(target + 4).0 == Some(Opcode::DeleteFast)
                        && instruction(target + 6).0 == Some(Opcode::Reraise) =>
                {
                    offset = handler.target + 6;
                }
                _ => {
                    own_try = true;
                    break;
                }
            }
        }
        let current = frame.current_offset as usize;
        let yields_from = code
            .code
            .get(current)
            .copied()
            .and_then(|op| Opcode::from_number(op.into()))
            == Some(Opcode::YieldValue)
            && code.code.get(current + 1) == Some(&1);
        let delegate_runs_code = yields_from
            && frame
                .stack
                .last()
                .copied()
                .flatten()
                .and_then(|inner| match lookup(inner) {
                    Some(Object::Generator(inner)) => Some(inner.closing_runs_code(lookup)),
                    _ => None,
                })
                .unwrap_or(false);
        own_try || delegate_runs_code
    }

    /// Every reference it holds (`gen_traverse`).
    pub fn references(&self) -> Vec<ObjId> {
        let mut held = vec![self.code];
        held.extend(self.exc_state);
        if let Some(frame) = &self.frame {
            held.extend(frame.references());
        }
        held
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_finished_generator_holds_only_its_code() {
        let generator = GeneratorObject {
            frame: None,
            state: GeneratorState::Finished,
            kind: GeneratorKind::Coroutine,
            name: "main".to_string(),
            qualname: "main".to_string(),
            code: ObjId(7),
            exc_state: Some(ObjId(9)),
        };
        assert_eq!(generator.references(), vec![ObjId(7), ObjId(9)]);
        assert_eq!(generator.kind.type_name(), "coroutine");
    }
}
