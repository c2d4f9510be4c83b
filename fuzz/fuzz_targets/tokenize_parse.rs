//! Tokenizer + parser on arbitrary input: none of them may panic, overflow the stack or hang.
//!
//! Bytes are decoded lossily (invalid UTF-8 → U+FFFD), so every input reaches the tokenizer;
//! the raw bytes also go through `dump_bytes` (PEP 263 cookie and BOM detection).
//! Regressions found here live in crates/pyxray_parser/tests/fuzz_regressions.rs.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let source = String::from_utf8_lossy(data);
    let s: &str = &source;
    let _ = pyxray_parser::tokenizer::tokenize(s);
    let _ = pyxray_parser::tokenizer::dump(s, "fuzz.py");
    let _ = pyxray_parser::tokenizer::dump_bytes(data, "fuzz.py");
    let parsed = pyxray_parser::parse_module(s);
    if let Ok(module) = &parsed.module {
        let _ = pyxray_parser::ast::dump(module, s);
    }
});
