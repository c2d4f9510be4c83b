//! The virtual machine's state: heap, frames, output, limits, and how a run ends.
//!
//! CPython: `Include/internal/pycore_interp.h` (interpreter state), `Python/pylifecycle.c`
//! (creating `builtins` and `__main__`), `Python/pythonrun.c` (`run_eval_code_obj`,
//! `PyErr_Print`). The step function itself is in `ceval.rs`.

use std::cell::RefCell;
use std::rc::Rc;

use num_bigint::BigInt;
use pyxray_bytecode::code::{CodeObject, ConstValue};

use crate::builtins::Builtin;
use crate::frame::Frame;
use crate::heap::{Heap, HeapEvents, ObjId};
use crate::objects::{Object, Raise, TracebackEntry};

/// Configurable limits; each ends the run with a clear message instead of hanging or crashing.
#[derive(Clone, Debug, PartialEq)]
pub struct Limits {
    /// Instructions one run may execute.
    pub steps: u64,
    /// Python frames deep (`sys.getrecursionlimit()`).
    pub recursion: u32,
    /// Live heap objects.
    pub heap_objects: usize,
    /// Bytes of live heap objects (`MemoryError` past it), sized for a browser tab.
    pub heap_bytes: usize,
    /// Bits of one int (`MemoryError` past it), so that no single big-int operation runs long.
    pub int_bits: u64,
    /// Bytes of output.
    pub output_bytes: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            steps: 10_000_000,
            recursion: 1000,
            heap_objects: 2_000_000,
            heap_bytes: 256 * 1024 * 1024,
            int_bits: 1 << 25,
            output_bytes: 16 * 1024 * 1024,
        }
    }
}

/// A limit that stopped the run (CPython has no equivalent except `RecursionError`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LimitError {
    Steps(u64),
    Output(usize),
}

impl std::fmt::Display for LimitError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LimitError::Steps(n) => write!(
                f,
                "pyxray: stopped after {n} instructions (the step limit); the program may loop forever"
            ),
            LimitError::Output(n) => write!(f, "pyxray: stopped after {n} bytes of output (the output limit)"),
        }
    }
}

/// Where the run stands.
#[derive(Clone, Debug, PartialEq)]
pub enum RunStatus {
    Running,
    /// The module returned: exit status 0.
    Finished,
    /// An exception was not caught: exit status 1. `PyErr_Print` formatting is the caller's.
    Raised(Box<UncaughtException>),
    /// `SystemExit` ended the run with this exit status (its message, if any, is already
    /// in the output).
    Exited(i32),
    /// A limit stopped the run.
    Limit(LimitError),
    /// A bug in pyxray (an instruction it cannot run, an impossible state).
    Internal(String),
}

/// An exception that ended the run, with the frames it passed through (outermost first), and
/// the exception it was chained to (printed before it).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct UncaughtException {
    pub type_name: String,
    /// `str(exception)`.
    pub message: String,
    pub traceback: Vec<TracebackEntry>,
    /// `__cause__` (`raise … from …`) or else `__context__` (raised while handling it).
    pub chained: Option<Box<UncaughtException>>,
    /// Whether `chained` is the explicit cause.
    pub caused: bool,
    /// `__notes__`, printed after the message.
    pub notes: Vec<String>,
    /// For an exception group, its exceptions (printed in numbered boxes).
    pub group: Option<Vec<UncaughtException>>,
}

/// What the last step did: the UI shows it and the frames panel highlights it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct StepRecord {
    /// Byte offset of the instruction executed, and the depth of its frame (1 = module).
    pub offset: Option<u32>,
    /// The code object the instruction belongs to.
    pub code: Option<Rc<CodeObject>>,
    pub frame_depth: usize,
    pub pushed: usize,
    pub popped: usize,
    pub names_stored: Vec<String>,
    pub output: String,
    pub heap: HeapEvents,
}

/// Why an instruction stopped.
#[derive(Debug)]
pub(crate) enum Fault {
    /// An error from native code, made into an exception object when it is unwound.
    Raise(Raise),
    /// A Python exception object (an owned reference): `raise`, re-raise.
    Exception(ObjId),
    Limit(LimitError),
    Internal(String),
}

impl From<Raise> for Fault {
    fn from(raise: Raise) -> Self {
        // Native code that returns only a `Raise` marks what pyxray cannot do yet this way;
        // it must stop the run, never become an exception the program could catch.
        if raise.type_name == crate::objects::NOT_SUPPORTED {
            return Fault::Internal(raise.message);
        }
        Fault::Raise(raise)
    }
}

/// The run's output (stdout and stderr, one stream as the oracle records it), shared between
/// the VM and its checkpoints: a clone records only its length, so a checkpoint costs nothing
/// for the output. The VM is deterministic, so a VM restored from a checkpoint writes exactly
/// the bytes that follow its length: it moves along the shared text, and only text that
/// differs (which replay never writes) would cut it back.
#[derive(Clone, Debug, Default)]
pub struct OutputBuffer {
    shared: Rc<RefCell<String>>,
    len: usize,
}

impl OutputBuffer {
    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    fn push_str(&mut self, text: &str) {
        let mut shared = self.shared.borrow_mut();
        let end = self.len + text.len();
        // A replay writes what is already there: keep it, later checkpoints point past it.
        if shared.get(self.len..end) == Some(text) {
            self.len = end;
            return;
        }
        shared.truncate(self.len);
        shared.push_str(text);
        self.len = shared.len();
    }

    /// The text written so far by this VM.
    pub fn text(&self) -> String {
        self.shared
            .borrow()
            .get(..self.len)
            .unwrap_or_default()
            .to_string()
    }
}

/// The interpreter: everything a run changes. Cloning it is a checkpoint.
#[derive(Clone, Debug)]
pub struct Vm {
    pub heap: Heap,
    pub frames: Vec<Frame>,
    pub output: OutputBuffer,
    pub steps: u64,
    pub status: RunStatus,
    pub limits: Limits,
    pub last_step: StepRecord,
    pub none: ObjId,
    pub true_object: ObjId,
    pub false_object: ObjId,
    ellipsis: ObjId,
    /// Immortal small ints −5 … 256 (`_PyLong_SMALL_INTS`).
    small_ints: Vec<ObjId>,
    /// Interned (immortal) strings, by text.
    interned: Vec<(String, ObjId)>,
    pub builtins: ObjId,
    pub main_dict: ObjId,
    /// The built-in classes by name (`object` and the exception classes).
    pub(crate) builtin_types: Vec<(&'static str, ObjId)>,
    /// The exception being handled (`sys.exception()`), an owned reference.
    pub(crate) handled_exception: Option<ObjId>,
    /// Set by `RERAISE` so that unwinding keeps the traceback as it was.
    pub(crate) reraising: bool,
    /// `sys.modules`: the modules imported so far.
    pub(crate) modules: Vec<(String, ObjId)>,
    /// The `NotImplemented` singleton operator methods return.
    pub not_implemented: ObjId,
    /// Seeds `random` when the program does not (CPython reads the operating system's
    /// randomness); the embedder sets it before running. Kept in the VM so that replaying a
    /// run draws the same numbers.
    pub entropy: u64,
}

/// Smallest and largest preallocated int (`_PY_NSMALLNEGINTS`, `_PY_NSMALLPOSINTS`).
const SMALL_INT_MIN: i64 = -5;
const SMALL_INT_MAX: i64 = 256;

impl Vm {
    /// Sets up `builtins` and `__main__`, and a frame ready to run `code` as the main module.
    pub fn new(code: Rc<CodeObject>, limits: Limits) -> Vm {
        let mut heap = Heap::with_limits(limits.heap_bytes, limits.int_bits);
        let none = heap.alloc_immortal(Object::None);
        let true_object = heap.alloc_immortal(Object::Bool(true));
        let false_object = heap.alloc_immortal(Object::Bool(false));
        let ellipsis = heap.alloc_immortal(Object::Ellipsis);
        let not_implemented = heap.alloc_immortal(Object::NotImplemented);
        let small_ints = (SMALL_INT_MIN..=SMALL_INT_MAX)
            .map(|i| heap.alloc_immortal(Object::Int(BigInt::from(i))))
            .collect();
        let builtins = heap.alloc(Object::Dict(Vec::new()));
        let main_dict = heap.alloc(Object::Dict(Vec::new()));
        let filename = code.filename.clone();
        let mut vm = Vm {
            heap,
            frames: Vec::new(),
            output: OutputBuffer::default(),
            steps: 0,
            status: RunStatus::Running,
            limits,
            last_step: StepRecord::default(),
            none,
            true_object,
            false_object,
            ellipsis,
            small_ints,
            interned: Vec::new(),
            builtins,
            main_dict,
            builtin_types: Vec::new(),
            handled_exception: None,
            reraising: false,
            modules: Vec::new(),
            not_implemented,
            entropy: 0,
        };
        let builtins_dict = vm.builtins;
        vm.dict_set_str(builtins_dict, "NotImplemented", not_implemented);
        let ellipsis = vm.ellipsis;
        vm.dict_set_str(builtins_dict, "Ellipsis", ellipsis);
        vm.create_exception_classes();
        vm.create_native_types();
        for builtin in Builtin::ALL {
            let function = vm.heap.alloc(Object::BuiltinFunction(builtin));
            vm.dict_set_str(builtins, builtin.name(), function);
            vm.heap.decref(function);
        }
        vm.fill_module_namespace(main_dict, "__main__", &filename);
        vm.push_module_frame(code, main_dict, crate::frame::ReturnAction::PushResult);
        vm.heap.clear_events();
        vm
    }

    /// A module's namespace before its code runs, keys in CPython's order.
    pub(crate) fn fill_module_namespace(&mut self, dict: ObjId, name: &str, filename: &str) {
        let name = self.intern(name);
        self.dict_set_str(dict, "__name__", name);
        let none = self.none;
        self.dict_set_str(dict, "__doc__", none);
        let builtins = self.builtins;
        self.dict_set_str(dict, "__builtins__", builtins);
        let file = self.intern(filename);
        self.dict_set_str(dict, "__file__", file);
    }

    /// Pushes a frame running a module's code with `dict` as its globals and locals.
    pub(crate) fn push_module_frame(
        &mut self,
        code: Rc<CodeObject>,
        dict: ObjId,
        on_return: crate::frame::ReturnAction,
    ) {
        let code_object = self.materialize_code(code.clone());
        let fast_locals = code.localsplusnames.len();
        let builtins = self.builtins;
        self.frames.push(Frame {
            code,
            code_object,
            next_offset: 0,
            current_offset: 0,
            stack: Vec::new(),
            // Inlined comprehensions keep their variables in the module's fast locals.
            localsplus: vec![None; fast_locals],
            function: None,
            globals: dict,
            locals: Some(dict),
            builtins,
            extended_arg: 0,
            on_return,
        });
    }

    /// About how many bytes a clone of this VM (a checkpoint) takes: its heap objects and
    /// frames. The output is shared, not copied (`OutputBuffer`).
    pub fn approx_bytes(&self) -> usize {
        const SLOT_OVERHEAD: usize = 48;
        let stacks: usize = self.frames.iter().map(|f| 8 * f.stack.len() + 128).sum();
        self.heap.bytes() + SLOT_OVERHEAD * self.heap.live_count() + stacks
    }

    /// The program's file name (`sys.argv[0]`).
    pub(crate) fn program_name(&self) -> String {
        self.frames
            .first()
            .map_or_else(String::new, |frame| frame.code.filename.clone())
    }

    pub fn is_running(&self) -> bool {
        self.status == RunStatus::Running
    }

    /// The shell's `$?` for the run: 0, 1 after an uncaught exception, None while running.
    pub fn exit_status(&self) -> Option<i32> {
        match self.status {
            RunStatus::Running => None,
            RunStatus::Finished => Some(0),
            RunStatus::Exited(status) => Some(status),
            _ => Some(1),
        }
    }

    // ---- Object creation ------------------------------------------------------------------

    /// A new reference to an int (a shared immortal one for −5 … 256).
    pub fn new_int(&mut self, value: BigInt) -> ObjId {
        if let Ok(small) = i64::try_from(&value) {
            if (SMALL_INT_MIN..=SMALL_INT_MAX).contains(&small) {
                return self.small_ints[(small - SMALL_INT_MIN) as usize];
            }
        }
        self.heap.alloc(Object::Int(value))
    }

    pub fn new_str(&mut self, text: String) -> ObjId {
        self.heap.alloc(Object::Str(text))
    }

    pub fn new_bool(&self, value: bool) -> ObjId {
        if value {
            self.true_object
        } else {
            self.false_object
        }
    }

    /// A new reference to `object`, sharing the singletons and small ints as CPython does.
    pub fn new_object(&mut self, object: Object) -> ObjId {
        match object {
            Object::None => self.none,
            Object::Bool(b) => self.new_bool(b),
            Object::Ellipsis => self.ellipsis,
            Object::Int(i) => self.new_int(i),
            other => self.heap.alloc(other),
        }
    }

    /// The interned, immortal string `text` (identifiers and string constants).
    pub fn intern(&mut self, text: &str) -> ObjId {
        if let Some((_, id)) = self.interned.iter().find(|(t, _)| t == text) {
            return *id;
        }
        let id = self.heap.alloc_immortal(Object::Str(text.to_string()));
        self.interned.push((text.to_string(), id));
        id
    }

    /// A heap object for a constant of a code object.
    fn materialize_const(&mut self, value: &ConstValue) -> ObjId {
        match value {
            ConstValue::None => self.none,
            ConstValue::Bool(b) => self.new_bool(*b),
            ConstValue::Ellipsis => self.ellipsis,
            ConstValue::Int(i) => self.new_int(i.clone()),
            ConstValue::Float(x) => self.heap.alloc(Object::Float(*x)),
            ConstValue::Complex { real, imag } => self.heap.alloc(Object::Complex {
                real: *real,
                imag: *imag,
            }),
            ConstValue::Str(s) => self.intern(s),
            ConstValue::Bytes(b) => self.heap.alloc(Object::Bytes(b.clone())),
            // A constant slice has no object of its own here yet; it becomes its items' tuple.
            ConstValue::Slice(items) => {
                let bounds: Vec<ObjId> = items
                    .iter()
                    .map(|item| self.materialize_const(item))
                    .collect();
                match bounds[..] {
                    [start, stop, step] => self.heap.alloc(Object::Slice { start, stop, step }),
                    _ => self.heap.alloc(Object::Tuple(bounds)),
                }
            }
            ConstValue::FrozenSet(items) => {
                // The compiler gives the items in iteration order; adding them in that order
                // rebuilds the same table (as unmarshalling a frozenset does).
                let items: Vec<ObjId> = items
                    .iter()
                    .map(|item| self.materialize_const(item))
                    .collect();
                let set = self.heap.alloc(Object::FrozenSet(Default::default()));
                for &item in &items {
                    // Constants are hashable: adding one cannot fail.
                    let _ = self.set_add_key(set, item);
                }
                self.release(&items);
                set
            }
            ConstValue::Tuple(items) => {
                let items = items
                    .iter()
                    .map(|item| self.materialize_const(item))
                    .collect();
                self.heap.alloc(Object::Tuple(items))
            }
            ConstValue::Code(code) => self.materialize_code(code.clone()),
        }
    }

    /// The heap object for a code object, its constants created as objects it owns.
    pub fn materialize_code(&mut self, code: Rc<CodeObject>) -> ObjId {
        let consts = code
            .consts
            .iter()
            .map(|value| self.materialize_const(value))
            .collect();
        self.heap.alloc(Object::Code { code, consts })
    }

    // ---- Dicts (namespaces) ----------------------------------------------------------------

    /// `d[key]` for a string key, borrowed.
    pub fn dict_get_str(&self, dict: ObjId, key: &str) -> Option<ObjId> {
        let Some(Object::Dict(pairs)) = self.heap.get(dict) else {
            return None;
        };
        pairs
            .iter()
            .find(|(k, _)| matches!(self.heap.get(*k), Some(Object::Str(s)) if s == key))
            .map(|&(_, v)| v)
    }

    /// `d[key] = value` for a string key; the dict takes its own references.
    pub fn dict_set_str(&mut self, dict: ObjId, key: &str, value: ObjId) {
        let key_id = self.intern(key);
        self.heap.incref(value);
        let existing = match self.heap.get(dict) {
            Some(Object::Dict(pairs)) => pairs.iter().position(|(k, _)| {
                *k == key_id || matches!(self.heap.get(*k), Some(Object::Str(s)) if s == key)
            }),
            _ => return,
        };
        let old = self.heap.update(dict, |object| match object {
            Object::Dict(pairs) => match existing {
                Some(index) => Some(std::mem::replace(&mut pairs[index].1, value)),
                None => {
                    pairs.push((key_id, value));
                    None
                }
            },
            _ => None,
        });
        let old = old.flatten();
        if let Some(old) = old {
            self.heap.decref(old);
        }
    }

    /// `del d[key]` for a string key; false if absent.
    pub fn dict_del_str(&mut self, dict: ObjId, key: &str) -> bool {
        let position = match self.heap.get(dict) {
            Some(Object::Dict(pairs)) => pairs
                .iter()
                .position(|(k, _)| matches!(self.heap.get(*k), Some(Object::Str(s)) if s == key)),
            _ => None,
        };
        let Some(index) = position else {
            return false;
        };
        let removed = self
            .heap
            .update(dict, |object| match object {
                Object::Dict(pairs) => Some(pairs.remove(index)),
                _ => None,
            })
            .flatten();
        if let Some((k, v)) = removed {
            self.heap.decref(k);
            self.heap.decref(v);
        }
        true
    }

    // ---- Output and errors -------------------------------------------------------------------

    /// Writes to stdout/stderr (one stream, as the oracle records it).
    pub(crate) fn write_output(&mut self, text: &str) -> Result<(), Fault> {
        if self.output.len() + text.len() > self.limits.output_bytes {
            return Err(Fault::Limit(LimitError::Output(self.limits.output_bytes)));
        }
        self.output.push_str(text);
        self.last_step.output.push_str(text);
        Ok(())
    }
}
