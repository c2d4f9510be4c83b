//! Regressions: every bug fixed keeps its reproduction here, as `tests/regressions/NAME.py` with
//! CPython 3.14's output beside it (`NAME.run.txt`, and `NAME.dis.txt` etc. where the bug was in
//! that stage), written by the oracle with `scripts/regold tests/regressions`. Unlike the
//! corpus, every file here must match in every stage that has a golden.

use std::path::Path;

use pyxray::{stage_output, Options, Stage};

#[test]
fn every_regression_matches_cpython() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/regressions");
    let mut programs: Vec<_> = std::fs::read_dir(&dir)
        .expect("tests/regressions exists")
        .flatten()
        .map(|entry| entry.path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "py"))
        .collect();
    programs.sort();
    let mut failures = Vec::new();
    let mut checked = 0;
    for program in &programs {
        let bytes = std::fs::read(program).expect("readable program");
        let stem = program.file_stem().unwrap_or_default().to_string_lossy();
        let name = format!("{stem}.py");
        for stage in Stage::ALL {
            let golden = dir.join(format!("{stem}.{}.txt", stage.name()));
            let Ok(expected) = std::fs::read_to_string(&golden) else {
                continue;
            };
            checked += 1;
            let options = Options {
                step_limit: 5_000_000,
                ..Options::default()
            };
            let actual = stage_output(stage, &bytes, &name, options);
            if actual != expected {
                failures.push(format!(
                    "--- {name} ({}) expected:\n{expected}--- got:\n{actual}",
                    stage.name()
                ));
            }
        }
    }
    assert!(checked > 0, "no goldens found in {}", dir.display());
    assert!(
        failures.is_empty(),
        "{} of {checked} regression outputs differ from CPython:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
