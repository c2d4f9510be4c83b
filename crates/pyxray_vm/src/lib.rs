//! The pyxray virtual machine: runs code objects one instruction at a time over a heap of
//! reference-counted objects, and can be cloned between any two instructions (a checkpoint).
//!
//! CPython: `Python/ceval.c`, `Objects/`, `Python/bltinmodule.c`.
#![forbid(unsafe_code)]

mod abstract_ops;
pub mod builtins;
mod call;
mod ceval;
mod classes;
mod containers;
mod dunder;
mod exceptions;
pub mod frame;
mod generators;
pub mod heap;
mod iterators;
mod key_calls;
mod methods;
mod modules;
pub mod objects;
mod sets;
mod types;
pub mod vm;

pub use heap::{Heap, ObjId};
pub use vm::{LimitError, Limits, OutputBuffer, RunStatus, StepRecord, UncaughtException, Vm};
