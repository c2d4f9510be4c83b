//! Differential testing of pyxray against CPython 3.14: random valid programs (`gen`), run
//! by pyxray in-process and by CPython through the oracle (`run`), compared (`compare`), and
//! each difference minimised by delta debugging (`reduce`, `minimise`).
//!
//! CPython has no counterpart; this is pyxray's own test tooling (see README, "Differential
//! testing").
#![forbid(unsafe_code)]

pub mod ast;
pub mod compare;
pub mod features;
pub mod gen;
pub mod minimise;
pub mod reduce;
pub mod rng;
pub mod run;
