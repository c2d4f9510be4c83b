//! Generator and coroutine objects: the frame of a generator function kept between
//! `yield`s, where it stands, and the exception it was handling when it last yielded.
//!
//! CPython: `Include/internal/pycore_genobject.h` (`_PyGenObject_HEAD`: `gi_iframe`,
//! `gi_frame_state`, `gi_exc_state`, `gi_name`, `gi_qualname`), `Objects/genobject.c`.
//! What runs them is `crate::generators`.

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
