//! Source bytes the tokenizer refuses before reading any token: NUL bytes, and bytes that are
//! not UTF-8 when the source is read as UTF-8 (no coding cookie, a `utf-8` cookie or a BOM).
//!
//! CPython: `Parser/tokenizer/file_tokenizer.c` (`tok_underflow_file`, reading `python FILE`
//! line by line), `Parser/tokenizer/helpers.c` (`_PyTokenizer_ensure_utf8`), `Parser/lexer/lexer.c`
//! (`tok_nextc`: "source code cannot contain null bytes"), and `Parser/peg_api.c` /
//! `Python/pythonrun.c` for `ast.parse(bytes)` (the string tokenizer, which refuses any NUL byte
//! up front). The two readers word and place the same problem differently, so both faces are
//! kept: [`SourceBytesError::parse`] for `ast.parse`/`compile` and [`SourceBytesError::file`]
//! for `python FILE`.

use crate::errors::{SyntaxError, SyntaxErrorType};
use pyxray_text::{TextRange, TextSize};

/// The problem with a file's bytes, as each CPython entry point reports it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SourceBytesError {
    /// What `ast.parse(bytes)` raises (position attributes unset, `lineno == 0`, for NUL bytes).
    pub parse: SyntaxError,
    /// What `python FILE` raises; its `range` is meaningless (the file's text is not decoded).
    pub file: SyntaxError,
    /// The line `python FILE` shows under `File "…", line N` (already decoded with
    /// replacement characters, cut at a NUL byte, without its newline).
    pub file_line: String,
}

/// The first NUL byte of `bytes`, or its first invalid UTF-8 sequence when the source is read
/// as UTF-8 (no coding cookie, a `utf-8` one, or a BOM; under another codec only NUL bytes count).
pub fn check_source_bytes(bytes: &[u8], filename: &str) -> Option<SourceBytesError> {
    let body = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    let has_bom = body.len() != bytes.len();
    let cookie = declared_encoding(body);
    let utf8 = cookie.as_deref().is_none_or(|name| name == "utf-8");
    let parse_null = bytes.contains(&0).then(null_bytes_parse_error);
    for (index, line) in body.split_inclusive(|&b| b == b'\n').enumerate() {
        let lineno = index as u32 + 1;
        let invalid = if utf8 {
            std::str::from_utf8(line).err()
        } else {
            None
        };
        if let Some(invalid) = invalid {
            let at = invalid.valid_up_to();
            let column = String::from_utf8_lossy(&line[..at]).chars().count() as i32 + 1;
            let byte = line[at];
            let parse = parse_null.clone().unwrap_or_else(|| {
                non_utf8_error(
                    format!("Non-UTF-8 code starting with '\\x{byte:02x}' on line {lineno}, but no encoding declared; see https://peps.python.org/pep-0263/ for details"),
                    lineno,
                    column,
                    column,
                )
            });
            let declared = has_bom || cookie.is_some();
            let file = if declared {
                // A declared UTF-8 file is decoded line by line: the codec's own message.
                let message = format!(
                    "(unicode error) {}",
                    utf8_decode_error(line, at, invalid.error_len())
                );
                non_utf8_error(message, lineno, 0, 0)
            } else {
                // The first two lines are read while looking for a coding cookie, and an
                // error on the second is reported at line 1.
                let shown_line = if lineno == 2 { 1 } else { lineno };
                non_utf8_error(
                    format!("Non-UTF-8 code starting with '\\x{byte:02x}' in file {filename} on line {shown_line}, but no encoding declared; see https://peps.python.org/pep-0263/ for details"),
                    shown_line,
                    column,
                    column,
                )
            };
            return Some(SourceBytesError {
                parse,
                file,
                file_line: shown_text(line),
            });
        }
        if line.contains(&0) {
            let file = non_utf8_error("source code cannot contain null bytes", lineno, 0, 0);
            return Some(SourceBytesError {
                parse: parse_null.unwrap_or_else(null_bytes_parse_error),
                file,
                file_line: shown_text(line),
            });
        }
    }
    None
}

/// `compile()` refuses a source holding a NUL byte before tokenizing; no position is set.
pub(crate) fn null_bytes_parse_error() -> SyntaxError {
    SyntaxError {
        error_type: SyntaxErrorType::SyntaxError,
        message: "source code string cannot contain null bytes".to_string(),
        lineno: 0,
        offset: 0,
        end_lineno: 0,
        end_offset: 0,
        range: TextRange::empty(TextSize::from(0u32)),
    }
}

fn non_utf8_error(message: impl Into<String>, lineno: u32, offset: i32, end: i32) -> SyntaxError {
    SyntaxError {
        error_type: SyntaxErrorType::SyntaxError,
        message: message.into(),
        lineno,
        offset,
        end_lineno: lineno,
        end_offset: end,
        range: TextRange::empty(TextSize::from(0u32)),
    }
}

/// The line as the traceback shows it: decoded with replacement characters, up to a NUL byte,
/// without its line ending.
fn shown_text(line: &[u8]) -> String {
    let line = line.split(|&b| b == 0).next().unwrap_or(line);
    let text = String::from_utf8_lossy(line);
    text.trim_end_matches(['\n', '\r']).to_string()
}

/// The codec a coding cookie on the first two lines names, normalized (`utf-8`, `iso-8859-1`).
fn declared_encoding(body: &[u8]) -> Option<String> {
    let mut lines = body.split_inclusive(|&b| b == b'\n');
    let first = lines.next().unwrap_or_default();
    let second = lines.next().unwrap_or_default();
    super::dump::cookie_name(first).or_else(|| {
        super::dump::is_blank(first)
            .then(|| super::dump::cookie_name(second))
            .flatten()
    })
}

/// `UnicodeDecodeError.__str__` for the `utf-8` codec, decoding `line` (which ends with the
/// newline CPython's reader adds): "'utf-8' codec can't decode byte 0xe9 in position 5:
/// invalid continuation byte".
fn utf8_decode_error(line: &[u8], at: usize, error_len: Option<usize>) -> String {
    let mut owned;
    let line = if line.ends_with(b"\n") {
        line
    } else {
        owned = line.to_vec();
        owned.push(b'\n');
        &owned[..]
    };
    // With the newline added, a sequence cut short is always followed by a byte.
    let len = error_len
        .or_else(|| {
            std::str::from_utf8(&line[at..])
                .err()
                .and_then(|e| e.error_len())
        })
        .unwrap_or(1);
    let first = line[at];
    let reason = if matches!(first, 0x80..=0xc1 | 0xf5..=0xff) {
        "invalid start byte"
    } else {
        "invalid continuation byte"
    };
    if len == 1 {
        format!("'utf-8' codec can't decode byte 0x{first:02x} in position {at}: {reason}")
    } else {
        format!(
            "'utf-8' codec can't decode bytes in position {at}-{}: {reason}",
            at + len - 1
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn null_byte_is_reported_at_its_line_for_files_and_without_position_for_parse() {
        let error = check_source_bytes(b"a = 1\nb = 2\0\n", "n.py").unwrap();
        assert_eq!(error.file.lineno, 2);
        assert_eq!(error.file.message, "source code cannot contain null bytes");
        assert_eq!(error.file_line, "b = 2");
        assert_eq!(
            error.parse.oracle_line(),
            "SyntaxError: source code string cannot contain null bytes (lineno=None, offset=None, end_lineno=None, end_offset=None)"
        );
    }

    #[test]
    fn undeclared_non_utf8_names_the_byte_and_the_file() {
        let error = check_source_bytes(b"a = 1\nb = 2\nc = 'ab\xff'\n", "u.py").unwrap();
        assert_eq!(error.file.lineno, 3);
        assert_eq!(error.file.offset, 8);
        assert!(error.file.message.starts_with(
            "Non-UTF-8 code starting with '\\xff' in file u.py on line 3, but no encoding declared"
        ));
        assert_eq!(error.parse.lineno, 3);
        assert!(error.parse.message.contains("'\\xff' on line 3, but"));
        // Found while looking for a cookie on line 2: reported at line 1.
        let error = check_source_bytes(b"x = 1\n# caf\xe9\n", "u.py").unwrap();
        assert_eq!(error.file.lineno, 1);
        assert_eq!(error.parse.lineno, 2);
    }

    #[test]
    fn declared_utf8_reports_the_codec_error() {
        let error = check_source_bytes(b"# coding: utf-8\nx = 'a\xe4\xb8", "d.py").unwrap();
        assert_eq!(
            error.file.message,
            "(unicode error) 'utf-8' codec can't decode bytes in position 6-7: invalid continuation byte"
        );
        assert_eq!(error.file.offset, 0);
        let error = check_source_bytes(b"\xef\xbb\xbfx = '\xff'\n", "d.py").unwrap();
        assert_eq!(
            error.file.message,
            "(unicode error) 'utf-8' codec can't decode byte 0xff in position 5: invalid start byte"
        );
    }

    #[test]
    fn other_codecs_only_refuse_null_bytes() {
        assert!(check_source_bytes(b"# coding: latin-1\nx = '\xff'\n", "l.py").is_none());
        assert!(check_source_bytes(b"x = 1\n", "ok.py").is_none());
    }
}
