//! The pyxray virtual machine: runs code objects one instruction at a time over a heap of
//! reference-counted objects, and can be cloned between any two instructions (a checkpoint).
//!
//! CPython: `Python/ceval.c`, `Objects/`, `Python/bltinmodule.c`.
#![forbid(unsafe_code)]

mod abstract_ops;
mod attributes;
pub mod builtins;
mod call;
mod ceval;
mod classes;
mod containers;
mod descriptors;
mod dunder;
mod exception_attrs;
mod exception_group;
mod exceptions;
pub mod frame;
mod functions;
mod generators;
pub mod heap;
mod iter_calls;
mod iter_consumers;
mod iterators;
mod key_calls;
mod methods;
mod modules;
mod native_call;
pub mod objects;
mod pattern;
mod reduce_calls;
mod sets;
mod slots;
mod suggestions;
mod text_calls;
mod types;
pub mod vm;
mod with_stmt;

pub use heap::{Heap, ObjId};
pub use modules::library::{is_library_file, library_source};
pub use vm::{LimitError, Limits, OutputBuffer, RunStatus, StepRecord, UncaughtException, Vm};
