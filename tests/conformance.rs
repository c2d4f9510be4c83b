//! Conformance: every stage of every program in `../shared/corpus` against CPython 3.14's goldens.
//!
//! Prints `stage: matched/total` per stage. Fails only on regressions: `tests/conformance/passing.tsv`
//! lists the `(stage, file)` pairs that matched when it was last updated, and each must still
//! match. Run with `PYXRAY_UPDATE_PASSING=1` to rewrite the list after an improvement (the list
//! may only grow: the test fails if an update would drop an entry).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use pyxray::{stage_output, Options, Stage};

fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus")
}

fn passing_list() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/conformance/passing.tsv")
}

/// Every `*.py` under `dir`, as paths relative to it, sorted (the oracle's file order).
fn python_files(dir: &Path) -> Vec<String> {
    let mut files = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(folder) = pending.pop() {
        let Ok(entries) = std::fs::read_dir(&folder) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.starts_with('.') || name == "expected" || name == "__pycache__" {
                continue;
            }
            if path.is_dir() {
                pending.push(path);
            } else if name.ends_with(".py") {
                if let Ok(relative) = path.strip_prefix(dir) {
                    files.push(relative.to_string_lossy().replace('\\', "/"));
                }
            }
        }
    }
    files.sort();
    files
}

#[test]
fn corpus_matches_cpython_goldens_without_regressions() {
    let corpus = corpus_dir();
    assert!(
        corpus.join("expected").is_dir(),
        "the corpus is missing: expected {} (shared/ beside the project folder)",
        corpus.display()
    );
    let options = Options {
        // Bounded so that a runaway program cannot stall the test.
        step_limit: 2_000_000,
        ..Options::default()
    };
    let files = python_files(&corpus);
    let mut matched: BTreeSet<(String, String)> = BTreeSet::new();
    for stage in Stage::ALL {
        let mut count = 0;
        for file in &files {
            let Ok(bytes) = std::fs::read(corpus.join(file)) else {
                continue;
            };
            let golden_path = corpus.join("expected").join(format!(
                "{}.{}.txt",
                file.trim_end_matches(".py"),
                stage.name()
            ));
            let Ok(golden) = std::fs::read(&golden_path) else {
                continue;
            };
            let name = file.rsplit('/').next().unwrap_or(file);
            let output = stage_output(stage, &bytes, name, options.clone());
            if output.as_bytes() == golden.as_slice() {
                count += 1;
                matched.insert((stage.name().to_string(), file.clone()));
            }
        }
        println!(
            "{}: {count}/{} ({:.1}%)",
            stage.name(),
            files.len(),
            100.0 * count as f64 / files.len().max(1) as f64
        );
    }

    let listed: BTreeSet<(String, String)> = std::fs::read_to_string(passing_list())
        .unwrap_or_default()
        .lines()
        .filter_map(|line| line.split_once('\t'))
        .map(|(stage, file)| (stage.to_string(), file.to_string()))
        .collect();
    let regressions: Vec<_> = listed.difference(&matched).collect();
    let improvements: Vec<_> = matched.difference(&listed).collect();
    for (stage, file) in &improvements {
        println!("now matching (not yet listed): {stage} {file}");
    }
    if std::env::var_os("PYXRAY_UPDATE_PASSING").is_some() && regressions.is_empty() {
        let text: String = matched
            .iter()
            .map(|(stage, file)| format!("{stage}\t{file}\n"))
            .collect();
        std::fs::write(passing_list(), text).expect("write passing.tsv");
    }
    assert!(
        regressions.is_empty(),
        "{} stage outputs that matched CPython no longer do: {regressions:?}",
        regressions.len()
    );
}
