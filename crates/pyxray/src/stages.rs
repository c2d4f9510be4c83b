//! The four stages as text, in the exact formats of `shared/oracle/README.md`: what the CLI prints
//! and what the conformance tests compare with CPython's goldens.

use crate::session::{Options, Session};

/// A stage the oracle records.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stage {
    Tokens,
    Ast,
    Dis,
    Run,
}

impl Stage {
    pub const ALL: [Stage; 4] = [Stage::Tokens, Stage::Ast, Stage::Dis, Stage::Run];

    pub fn name(self) -> &'static str {
        match self {
            Stage::Tokens => "tokens",
            Stage::Ast => "ast",
            Stage::Dis => "dis",
            Stage::Run => "run",
        }
    }

    pub fn from_name(name: &str) -> Option<Stage> {
        Stage::ALL.into_iter().find(|stage| stage.name() == name)
    }
}

/// The output of `stage` for a file's bytes, named `filename` (its base name).
pub fn stage_output(stage: Stage, bytes: &[u8], filename: &str, options: Options) -> String {
    match stage {
        Stage::Tokens => pyxray_parser::tokenizer::dump_bytes(bytes, filename),
        Stage::Ast => {
            let session = Session::from_bytes(bytes, filename, options);
            match session.ast_dump() {
                Some(text) => format!("{text}\n"),
                None => error_line(&session),
            }
        }
        Stage::Dis => {
            let session = Session::from_bytes(bytes, filename, options);
            if session.syntax_error().is_some() || session.compile_error().is_some() {
                return error_line(&session);
            }
            session.dis()
        }
        Stage::Run => {
            let mut session = Session::from_bytes(bytes, filename, options);
            let outcome = session.run_to_end();
            let mut text = session.output();
            if !text.is_empty() && !text.ends_with('\n') {
                text.push_str("\n\\ No newline at end of output\n");
            }
            text.push_str(&format!("exit: {}\n", outcome.exit_status()));
            text
        }
    }
}

/// The oracle's one-line form of a compile error (`SyntaxError: msg (lineno=…, …)`), or
/// pyxray's "not supported yet" line.
fn error_line(session: &Session) -> String {
    if let Some(error) = session.syntax_error() {
        return format!("{}\n", error.oracle_line());
    }
    match session.compile_error() {
        Some(message) => format!("pyxray: {message}\n"),
        None => String::new(),
    }
}
