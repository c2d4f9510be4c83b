//! Syntax errors a beginner meets, and sources CPython refuses before parsing (NUL bytes, bytes
//! that are not UTF-8): every `.py` under `tests/syntax_errors/` against the oracle's goldens
//! beside it (`NAME.tokens.txt`, `NAME.ast.txt`, `NAME.run.txt`, made by
//! `shared/oracle/golden --stages tokens,ast,run`).

use std::fs;
use std::path::Path;

use pyxray::{stage_output, Options, Stage};

#[test]
fn syntax_errors_match_cpython() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/syntax_errors");
    let mut names: Vec<String> = fs::read_dir(&dir)
        .expect("tests/syntax_errors")
        .filter_map(|entry| entry.ok())
        .filter_map(|entry| entry.file_name().into_string().ok())
        .filter_map(|name| name.strip_suffix(".py").map(str::to_string))
        .collect();
    names.sort();
    assert!(names.len() >= 40, "only {} programs", names.len());
    let mut failures = Vec::new();
    let mut compared = 0;
    for name in &names {
        let bytes = fs::read(dir.join(format!("{name}.py"))).expect("program");
        for stage in [Stage::Tokens, Stage::Ast, Stage::Run] {
            let golden = dir.join(format!("{name}.{}.txt", stage.name()));
            let Ok(expected) = fs::read(&golden) else {
                failures.push(format!("{name}: no {} golden", stage.name()));
                continue;
            };
            compared += 1;
            let got = stage_output(stage, &bytes, &format!("{name}.py"), Options::default());
            if got.as_bytes() != expected {
                failures.push(format!(
                    "{name} [{}]\n--- expected\n{}--- got\n{got}",
                    stage.name(),
                    String::from_utf8_lossy(&expected)
                ));
            }
        }
    }
    println!(
        "syntax errors: {}/{compared} outputs match",
        compared - failures.len()
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
