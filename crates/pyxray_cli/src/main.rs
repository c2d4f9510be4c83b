//! `pyxray tokens|ast|dis|run FILE`: each stage's output in the exact format CPython's own tools
//! print (see `shared/oracle/README.md`): `python -m tokenize -e`, `ast.dump(indent=2,
//! include_attributes=True)`, `dis.dis`, and `python FILE` followed by its exit status.
//!
//! CPython: `Lib/tokenize.py` (`_main`), `Lib/ast.py` (`main`), `Lib/dis.py` (`main`),
//! `Modules/main.c` (`pymain_run_file`).
#![forbid(unsafe_code)]

use std::path::Path;
use std::process::ExitCode;

use pyxray::{stage_output, Options, Stage};

const USAGE: &str = "usage: pyxray tokens|ast|dis|run FILE";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(stage), Some(path)) = (args.first().and_then(|s| Stage::from_name(s)), args.get(1))
    else {
        eprintln!("{USAGE}");
        return ExitCode::from(2);
    };
    let bytes = match std::fs::read(path) {
        Ok(bytes) => bytes,
        Err(error) => {
            eprintln!("pyxray: cannot read {path}: {error}");
            return ExitCode::from(2);
        }
    };
    // Programs are named by their base name, as the oracle runs them.
    let filename = Path::new(path)
        .file_name()
        .map_or_else(|| path.clone(), |name| name.to_string_lossy().into_owned());
    print!(
        "{}",
        stage_output(stage, &bytes, &filename, Options::default())
    );
    ExitCode::SUCCESS
}
