//! `pyxray tokens|ast|dis|run|pyc FILE`: each stage's output in the exact format CPython's own
//! tools print (see `shared/oracle/README.md`): `python -m tokenize -e`, `ast.dump(indent=2,
//! include_attributes=True)`, `dis.dis`, and `python FILE` with its exit status.
//!
//! CPython: `Lib/tokenize.py` (`_main`), `Lib/ast.py` (`main`), `Lib/dis.py` (`main`),
//! `Modules/main.c` (`pymain_run_file`).
#![forbid(unsafe_code)]

use std::path::Path;
use std::process::ExitCode;

use pyxray::{Options, Session};

const USAGE: &str = "usage: pyxray tokens|ast|dis|run FILE";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(stage), Some(path)) = (args.first(), args.get(1)) else {
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
    let output = match stage.as_str() {
        "tokens" => pyxray_parser::tokenizer::dump_bytes(&bytes, &filename),
        "ast" => ast_stage(&bytes, &filename),
        "dis" => dis_stage(&bytes, &filename),
        "run" => run_stage(&bytes, &filename),
        _ => {
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    print!("{output}");
    ExitCode::SUCCESS
}

fn session(bytes: &[u8], filename: &str) -> Session {
    Session::from_bytes(bytes, filename, Options::default())
}

/// `print(ast.dump(...))`, or the oracle's one-line form of the `SyntaxError`.
fn ast_stage(bytes: &[u8], filename: &str) -> String {
    let session = session(bytes, filename);
    match session.ast_dump() {
        Some(text) => format!("{text}\n"),
        None => error_line(&session),
    }
}

/// `dis.dis(compile(...))`, or the one-line form of the compile error.
fn dis_stage(bytes: &[u8], filename: &str) -> String {
    let session = session(bytes, filename);
    if session.syntax_error().is_some() {
        return error_line(&session);
    }
    match session.compile_error() {
        Some(message) => format!("error: {message}\n"),
        None => session.dis(),
    }
}

fn error_line(session: &Session) -> String {
    match session.syntax_error() {
        Some(error) => format!("{}\n", error.oracle_line()),
        None => match session.compile_error() {
            Some(message) => format!("error: {message}\n"),
            None => String::new(),
        },
    }
}

/// The program's output, then `exit: <status>` as the oracle's `run` stage writes it.
fn run_stage(bytes: &[u8], filename: &str) -> String {
    let mut session = session(bytes, filename);
    let outcome = session.run_to_end();
    let mut text = session.output().to_string();
    if !text.is_empty() && !text.ends_with('\n') {
        text.push_str("\n\\ No newline at end of output\n");
    }
    text.push_str(&format!("exit: {}\n", outcome.exit_status()));
    text
}
