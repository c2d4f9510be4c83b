//! The abstract syntax tree, shaped as CPython's `Parser/Python.asdl`, and `ast.dump`.
//!
//! CPython: `Parser/Python.asdl` (node definitions), `Python/Python-ast.c` (the generated C types),
//! `Lib/ast.py` (`dump`).

mod dump;
mod fields;
mod nodes;

pub use dump::{constant_repr, dump};
pub use fields::{Field, NodeRef};
pub use nodes::*;
