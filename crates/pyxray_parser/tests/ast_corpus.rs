//! Conformance: `parse_module` + `ast::dump` against the oracle's `ast` goldens for every corpus
//! file (`ast.dump(tree, indent=2, include_attributes=True)`, or the one-line `SyntaxError`).

use std::fs;
use std::path::{Path, PathBuf};

use pyxray_parser::tokenizer::decode_source;
use pyxray_parser::{ast, parse_module};

/// Corpus files whose AST is known not to match yet (none).
const KNOWN_FAILING: &[&str] = &[];

fn python_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok()).map(|e| e.path()).collect();
    paths.sort();
    for path in paths {
        if path.is_dir() {
            if path.file_name().is_some_and(|name| name != "expected") {
                python_files(&path, out);
            }
        } else if path.extension().is_some_and(|ext| ext == "py") {
            out.push(path);
        }
    }
}

/// What the oracle's `ast` stage prints for a file.
fn ast_output(bytes: &[u8], filename: &str) -> String {
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
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus");
    if !corpus.is_dir() {
        println!("corpus not found at {}; skipping", corpus.display());
        return;
    }
    let mut files = Vec::new();
    python_files(&corpus, &mut files);
    let mut matched = 0;
    let mut failing = Vec::new();
    for file in &files {
        let rel = file.strip_prefix(&corpus).unwrap_or(file);
        let golden = corpus.join("expected").join(rel.with_extension("ast.txt"));
        let Ok(expected) = fs::read_to_string(&golden) else {
            continue;
        };
        let bytes = fs::read(file).unwrap_or_default();
        let name = file
            .file_name()
            .map_or(String::new(), |n| n.to_string_lossy().into_owned());
        if ast_output(&bytes, &name) == expected {
            matched += 1;
        } else {
            failing.push(rel.to_string_lossy().replace('\\', "/"));
        }
    }
    println!("ast: {matched}/{}", files.len());
    for file in &failing {
        println!("  mismatch: {file}");
    }
    let unexpected: Vec<&String> = failing
        .iter()
        .filter(|file| !KNOWN_FAILING.contains(&file.as_str()))
        .collect();
    assert!(
        unexpected.is_empty(),
        "unexpected mismatches: {unexpected:?}"
    );
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
