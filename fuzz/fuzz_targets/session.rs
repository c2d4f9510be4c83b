//! The whole facade on arbitrary input: tokens, AST, compile, `dis`, a bounded run, one step back
//! and the state view. Nothing may panic or hang (the step limit bounds the run).
//!
//! Bytes are decoded lossily (invalid UTF-8 → U+FFFD), as in `tokenize_parse`.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let source = String::from_utf8_lossy(data);
    let options = pyxray::Options {
        step_limit: 10_000,
        ..Default::default()
    };
    let mut session = pyxray::Session::new(&source, options);
    let _ = session.dis();
    session.run(1000);
    session.step_back();
    let _ = session.view();
});
