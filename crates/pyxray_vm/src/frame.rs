//! Frames: one per running code object, with its instruction pointer, value stack and namespaces.
//!
//! CPython: `Include/internal/pycore_interpframe.h` (`_PyInterpreterFrame`: `f_code`,
//! `instr_ptr`, `localsplus`, the value stack), `Objects/frameobject.c`. pyxray frames live in a
//! Rust `Vec`, not on a C stack.

use std::rc::Rc;

use pyxray_bytecode::code::CodeObject;

use crate::heap::ObjId;

/// What happens with a frame's return value: normally it is the result of the calling
/// instruction; a class body's makes the class; `__init__`'s gives way to the instance.
#[derive(Clone, Debug, Default, PartialEq)]
pub enum ReturnAction {
    #[default]
    PushResult,
    /// The frame is a class body run by `__build_class__`.
    BuildClass {
        name: String,
        bases: Vec<ObjId>,
        mro: Vec<ObjId>,
        namespace: ObjId,
        keywords: Vec<(String, ObjId)>,
    },
    /// The frame is one of the calls that finish a new class (`__set_name__`,
    /// `__init_subclass__`): the pending ones follow, then the class is the result.
    ClassSetup {
        class: ObjId,
        pending: Vec<ClassSetupCall>,
    },
    /// The frame is `__init__` for this new instance.
    Init { instance: ObjId },
    /// The frame is a generator's, resumed by `resumer` (what its yield, return or exception
    /// means to whoever resumed it); `previous_exception` is the exception the resumer was
    /// handling, restored when the generator yields or ends (`gi_exc_state.previous_item`).
    Generator {
        generator: ObjId,
        resumer: crate::generators::Resumer,
        previous_exception: Option<ObjId>,
    },
    /// Native code (an instruction or a built-in) waits for this frame's result: what it
    /// does with it is its continuation (`native_call.rs`).
    Native(crate::native_call::Waiting),
    /// The frame runs a library module's code for `IMPORT_NAME`, which then pushes the module.
    ImportModule { module: ObjId },
    /// The frame computes an attribute (a property's getter, `__annotate__`) for
    /// `LOAD_ATTR` (then a NULL follows in its method form) or `getattr`; with
    /// `annotations_of`, the result is also kept as that function's `__annotations__`.
    Attribute {
        then_null: bool,
        annotations_of: Option<ObjId>,
    },
    /// The frame is a property's getter run by `hasattr` or by `getattr` with a default:
    /// on return, `replace_result` (owned; `True` for `hasattr`) or else the result is the
    /// call's; an `AttributeError` leaving the frame makes `fallback` (owned) the result.
    GuardedAttribute {
        replace_result: Option<ObjId>,
        fallback: ObjId,
    },
    /// The frame's result is dropped (a property's setter or deleter, `__set_name__`);
    /// `then_push` (owned) is the calling instruction's result, if it has one.
    Discard { then_push: Option<ObjId> },
}

/// A call that finishes making a class, with its arguments (owned).
#[derive(Clone, Debug, PartialEq)]
pub struct ClassSetupCall {
    pub function: ObjId,
    pub args: Vec<ObjId>,
    pub keywords: Vec<(String, ObjId)>,
}

/// Where a sort with a Python key function stands: its call (owned), the list it sorts in
/// place (`list.sort`) if any, its items and the keys computed so far (owned).
#[derive(Clone, Debug, PartialEq)]
pub struct KeyCalls {
    pub callable: ObjId,
    pub args: Vec<ObjId>,
    pub target: Option<ObjId>,
    pub key: ObjId,
    pub reverse: bool,
    pub items: Vec<ObjId>,
    pub keys: Vec<ObjId>,
    /// For `min`/`max`: the comparison that makes a new item the best (`<` or `>`), the best
    /// item's index so far, and `default=`; `None` for a sort.
    pub select: Option<(u32, Option<usize>, Option<ObjId>)>,
}

impl ReturnAction {
    /// The references the pending action holds.
    pub fn references(&self) -> Vec<ObjId> {
        match self {
            ReturnAction::PushResult => Vec::new(),
            ReturnAction::BuildClass {
                bases,
                mro,
                namespace,
                keywords,
                ..
            } => bases
                .iter()
                .chain(mro)
                .copied()
                .chain(std::iter::once(*namespace))
                .chain(keywords.iter().map(|(_, v)| *v))
                .collect(),
            ReturnAction::ClassSetup { class, pending } => std::iter::once(*class)
                .chain(pending.iter().flat_map(|call| {
                    std::iter::once(call.function)
                        .chain(call.args.iter().copied())
                        .chain(call.keywords.iter().map(|(_, v)| *v))
                }))
                .collect(),
            ReturnAction::Init { instance } => vec![*instance],
            ReturnAction::Native(waiting) => waiting.references(),
            ReturnAction::ImportModule { .. } => Vec::new(),
            ReturnAction::Attribute { annotations_of, .. } => {
                annotations_of.iter().copied().collect()
            }
            ReturnAction::Discard { then_push } => then_push.iter().copied().collect(),
            ReturnAction::GuardedAttribute {
                replace_result,
                fallback,
            } => replace_result.iter().copied().chain([*fallback]).collect(),
            ReturnAction::Generator {
                generator,
                resumer,
                previous_exception,
            } => std::iter::once(*generator)
                .chain(resumer.references())
                .chain(*previous_exception)
                .collect(),
        }
    }
}

/// One frame of the call stack.
#[derive(Clone, Debug, PartialEq)]
pub struct Frame {
    pub code: Rc<CodeObject>,
    /// The heap code object, which owns the constants as heap objects.
    pub code_object: ObjId,
    /// Byte offset of the next instruction in `co_code`.
    pub next_offset: u32,
    /// Byte offset of the instruction executing (or last executed): `f_lasti`.
    pub current_offset: u32,
    /// The value stack, bottom first. `None` is the NULL that `PUSH_NULL` pushes.
    pub stack: Vec<Option<ObjId>>,
    /// `localsplus`: fast locals, then cells and free variables (`co_localsplusnames`);
    /// `None` is an unbound local.
    pub localsplus: Vec<Option<ObjId>>,
    /// The function being run (`f_funcobj`); `None` for the module.
    pub function: Option<ObjId>,
    pub globals: ObjId,
    /// The namespace `LOAD_NAME`/`STORE_NAME` use: the module's or a class body's dict;
    /// `None` in a function, whose locals are fast.
    pub locals: Option<ObjId>,
    pub builtins: ObjId,
    /// The argument prefix accumulated by `EXTENDED_ARG`.
    pub extended_arg: u32,
    /// What its return value is for.
    pub on_return: ReturnAction,
}

impl Frame {
    /// Every reference the frame holds (what releasing it gives back).
    pub fn references(&self) -> Vec<ObjId> {
        let mut held: Vec<ObjId> = self
            .stack
            .iter()
            .chain(&self.localsplus)
            .flatten()
            .copied()
            .chain(self.function)
            .chain(self.on_return.references())
            .collect();
        if self.function.is_some() {
            held.push(self.code_object);
        }
        held
    }
}
