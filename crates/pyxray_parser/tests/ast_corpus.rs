//! Conformance: `parse_module` + `ast::dump` against the oracle's `ast` goldens for every corpus
//! file (`ast.dump(tree, indent=2, include_attributes=True)`, or the one-line `SyntaxError`).

mod common;

use pyxray_parser::tokenizer::{check_source_bytes, decode_source};
use pyxray_parser::{ast, parse_module};

/// Corpus files whose AST is known not to match yet (none).
const KNOWN_FAILING: &[&str] = &[];

/// What the oracle's `ast` stage prints for a file.
fn ast_output(bytes: &[u8], filename: &str) -> String {
    if let Some(error) = check_source_bytes(bytes, filename) {
        return format!("{}\n", error.parse.oracle_line());
    }
    let source = match decode_source(bytes, filename) {
        Ok((_, text)) => text,
        Err(message) => {
            return format!(
                "SyntaxError: {message} (lineno=1, offset=0, end_lineno=1, end_offset=0)\n"
            )
        }
    };
    match parse_module(&source).module {
        Ok(module) => format!("{}\n", ast::dump(&module, &source)),
        Err(error) => format!("{}\n", error.oracle_line()),
    }
}

#[test]
fn ast_matches_cpython_goldens() {
    common::check_stage("ast", KNOWN_FAILING, ast_output);
}

/// Deep nesting fails with CPython's message (or parses) instead of overflowing the stack.
#[test]
fn deep_nesting_never_overflows() {
    let cases = [
        ("not ".repeat(10_000) + "1", "MemoryError"),
        ("-".repeat(10_000) + "1", "MemoryError"),
        ("2**".repeat(5_000) + "1", "MemoryError"),
        ("1".to_string() + &"+1".repeat(10_000), "MemoryError"),
        ("a.".repeat(10_000) + "b", "MemoryError"),
        (
            "(".repeat(10_000) + "1" + &")".repeat(10_000),
            "SyntaxError",
        ),
        ("lambda: ".repeat(5_000) + "1", "MemoryError"),
    ];
    // Run on a thread with a main-thread-sized stack: debug builds use large frames.
    let handle = std::thread::Builder::new()
        .stack_size(16 << 20)
        .spawn(move || {
            for (expr, expected) in cases {
                let source = format!("x = {expr}\n");
                let error = parse_module(&source).module.err();
                let name = error.map(|e| e.error_type.name());
                assert_eq!(name, Some(expected), "{}", &source[..40]);
            }
        });
    let joined = handle.map(|h| h.join());
    assert!(matches!(joined, Ok(Ok(()))));
}
