//! Conformance: `dump_bytes` against `python -m tokenize -e` goldens for every corpus file.

use std::fs;
use std::path::{Path, PathBuf};

use pyxray_parser::tokenizer::dump_bytes;

/// Corpus files whose tokens are known not to match yet (none).
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

#[test]
fn tokens_match_cpython_goldens() {
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
        let golden = corpus
            .join("expected")
            .join(rel.with_extension("tokens.txt"));
        let Ok(expected) = fs::read_to_string(&golden) else {
            continue;
        };
        let source = fs::read(file).unwrap_or_default();
        let name = file
            .file_name()
            .map_or(String::new(), |n| n.to_string_lossy().into_owned());
        if dump_bytes(&source, &name) == expected {
            matched += 1;
        } else {
            failing.push(rel.to_string_lossy().replace('\\', "/"));
        }
    }
    println!("tokens: {matched}/{}", files.len());
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
