//! The front end of pyxray: source text → tokens → AST, with CPython 3.14's syntax errors.
//!
//! CPython: `Parser/` (lexer, PEG parser, error reporting) and `Parser/Python.asdl`.
#![forbid(unsafe_code)]

pub mod ast;
pub mod errors;
pub mod parser;
pub mod token;
pub mod tokenizer;

pub use errors::{SyntaxError, SyntaxErrorType};
pub use parser::{parse_module, Parsed};
pub use token::{Token, TokenKind};
