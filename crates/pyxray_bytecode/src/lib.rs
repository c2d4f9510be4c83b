//! Python 3.14 bytecode: the opcode table, code objects, `dis` text and `.pyc` files.
//!
//! CPython: `Include/opcode_ids.h`, `Include/cpython/code.h`, `Lib/dis.py`, `Python/marshal.c`.
#![forbid(unsafe_code)]
pub mod arith;
pub mod code;
pub mod dis;
pub mod opcode;
pub mod pyhash;
pub mod set_table;
