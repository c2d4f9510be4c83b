//! Conformance: `dump_bytes` against `python -m tokenize -e` goldens for every corpus file.

mod common;

use pyxray_parser::tokenizer::dump_bytes;

/// Corpus files whose tokens are known not to match yet (none).
const KNOWN_FAILING: &[&str] = &[];

#[test]
fn tokens_match_cpython_goldens() {
    common::check_stage("tokens", KNOWN_FAILING, dump_bytes);
}
