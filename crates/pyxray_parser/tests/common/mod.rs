//! Shared by the corpus conformance tests of this crate: walks `../shared/corpus` and compares one
//! stage's output for every program with the oracle's golden.

use std::fs;
use std::path::{Path, PathBuf};

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

/// Runs `output(bytes, base name)` on every corpus program and compares it with
/// `expected/<name>.<stage>.txt`; prints `stage: matched/total` and fails on any mismatch not
/// in `known_failing`. Without the corpus (outside this workspace's layout) it says so and passes.
pub fn check_stage(stage: &str, known_failing: &[&str], output: impl Fn(&[u8], &str) -> String) {
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
            .join(rel.with_extension(format!("{stage}.txt")));
        let Ok(expected) = fs::read_to_string(&golden) else {
            continue;
        };
        let bytes = fs::read(file).unwrap_or_default();
        let name = file
            .file_name()
            .map_or(String::new(), |n| n.to_string_lossy().into_owned());
        if output(&bytes, &name) == expected {
            matched += 1;
        } else {
            failing.push(rel.to_string_lossy().replace('\\', "/"));
        }
    }
    println!("{stage}: {matched}/{}", files.len());
    for file in &failing {
        println!("  mismatch: {file}");
    }
    let unexpected: Vec<&String> = failing
        .iter()
        .filter(|file| !known_failing.contains(&file.as_str()))
        .collect();
    assert!(
        unexpected.is_empty(),
        "unexpected mismatches: {unexpected:?}"
    );
    assert!(matched > 0, "no corpus program was compared");
}
