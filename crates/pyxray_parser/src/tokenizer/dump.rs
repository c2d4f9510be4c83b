//! What `python -m tokenize -e FILE` prints: an ENCODING line, one line per token with exact
//! token names and Python `repr` strings, or one `file:line:col: error: message` line.
//!
//! CPython: `Lib/tokenize.py` (`_main`, `detect_encoding`, `_get_normal_name`, `TokenError`
//! handling) and `Python/Python-tokenize.c` (`tokenizeriter_next`: how NEWLINE, NL and the
//! tokens at end of file are positioned). Columns count characters, lines split at `\n` only.

use super::run_lexer;
use crate::token::TokenKind;
use pyxray_text::{chars_in, continuation_byte_offsets, TextSize};

/// `python -m tokenize -e` output for source text (read as its UTF-8 bytes).
pub fn dump(source: &str, filename: &str) -> String {
    dump_bytes(source.as_bytes(), filename)
}

/// `python -m tokenize -e` output for the bytes of a file: PEP 263 coding cookie and UTF-8 BOM
/// honoured as `tokenize.detect_encoding` does.
pub fn dump_bytes(source: &[u8], filename: &str) -> String {
    match decode_source(source, filename) {
        Ok((encoding, text)) => dump_text(&text, &encoding, filename),
        Err(message) => format!("{filename}: error: {message}\n"),
    }
}

/// The printout for decoded text.
fn dump_text(text: &str, encoding: &str, filename: &str) -> String {
    let run = run_lexer(text, false);
    // Warnings come first: `_main` collects all tokens before printing any.
    let mut out = String::new();
    let mut shown_warnings: Vec<(&str, u32)> = Vec::new();
    for warning in &run.warnings {
        let key = (warning.message.as_str(), warning.lineno);
        if !shown_warnings.contains(&key) {
            shown_warnings.push(key);
            out.push_str(&format!(
                "<string>:{}: SyntaxWarning: {}\n",
                warning.lineno, warning.message
            ));
        }
    }
    if let Some(error) = run.error {
        out.push_str(&format!(
            "{filename}:{}:{}: error: {}\n",
            error.tokenize_line, error.tokenize_offset, error.tokenize_message
        ));
        return out;
    }
    let lines = LineStarts::new(text);
    push_token_line(&mut out, (0, 0), (0, 0), "ENCODING", encoding);

    // ENDMARKER and the DEDENTs at end of file sit on the line after the last one read.
    let trailing = (run.lines_read + 1, 0);
    let implicit_newline = !text.is_empty() && !text.ends_with('\n');
    for token in &run.tokens {
        let range = token.range.as_range();
        let string = text.get(range.clone()).unwrap_or("");
        let kind = token.kind;
        let at_end = range.start >= text.len();
        let (start, end, shown) = match kind {
            TokenKind::EndMarker => (trailing, trailing, ""),
            TokenKind::Dedent if at_end => (trailing, trailing, ""),
            TokenKind::Newline | TokenKind::Nl => {
                // CPython's NEWLINE ends before its `\n` and then gets one column added.
                let start = lines.position(text, range.start);
                let visible = string.strip_suffix('\n').unwrap_or(string);
                let end = (start.0, start.1 + visible.chars().count() as u32 + 1);
                let shown = if implicit_newline && range.end >= text.len() {
                    ""
                } else if kind == TokenKind::Newline {
                    if string.starts_with('\r') {
                        "\r\n"
                    } else {
                        "\n"
                    }
                } else {
                    string
                };
                (start, end, shown)
            }
            _ => (
                lines.position(text, range.start),
                lines.position(text, range.end),
                string,
            ),
        };
        push_token_line(&mut out, start, end, exact_name(kind, string), shown);
    }
    out
}

/// The name `-e` prints: operators by their text (`token.EXACT_TOKEN_TYPES`), else the kind.
fn exact_name(kind: TokenKind, string: &str) -> &'static str {
    let number = kind as u8;
    if (TokenKind::Lpar as u8..=TokenKind::Op as u8).contains(&number) {
        return TokenKind::from_operator(string).map_or("OP", TokenKind::name);
    }
    kind.name()
}

/// `print("%-20s%-15s%-15r" % (token_range, name, string))`.
fn push_token_line(out: &mut String, start: (u32, u32), end: (u32, u32), name: &str, string: &str) {
    let range = format!("{},{}-{},{}:", start.0, start.1, end.0, end.1);
    out.push_str(&format!("{range:<20}{name:<15}{:<15}\n", py_repr(string)));
}

/// Python's `repr()` of a `str`.
pub(super) fn py_repr(s: &str) -> String {
    pyxray_text::repr::str_repr(s)
}

/// Line starts for `tokenize` positions: lines end at `\n` only.
struct LineStarts {
    starts: Vec<usize>,
    /// Where the UTF-8 continuation bytes are: columns cost two binary searches, not a walk.
    continuation_bytes: Vec<TextSize>,
}

impl LineStarts {
    fn new(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        LineStarts {
            starts,
            continuation_bytes: continuation_byte_offsets(text.as_bytes()),
        }
    }

    /// 1-based line and character column of byte `offset`.
    fn position(&self, text: &str, offset: usize) -> (u32, u32) {
        let line = match self.starts.binary_search(&offset) {
            Ok(line) => line,
            Err(next) => next.saturating_sub(1),
        };
        let start = self.starts.get(line).copied().unwrap_or(0);
        let end = offset.min(text.len()).max(start);
        let column = chars_in(
            &self.continuation_bytes,
            TextSize::from(start),
            TextSize::from(end),
        );
        (line as u32 + 1, column)
    }
}

/// `tokenize.detect_encoding` followed by decoding: the encoding name ENCODING shows and the
/// text, or the message of the `SyntaxError` it raises.
pub fn decode_source(source: &[u8], filename: &str) -> Result<(String, String), String> {
    const BOM: &[u8] = b"\xef\xbb\xbf";
    let (bom_found, body) = match source.strip_prefix(BOM) {
        Some(rest) => (true, rest),
        None => (false, source),
    };
    let default = if bom_found { "utf-8-sig" } else { "utf-8" };
    let first = first_line(body);
    let second = first_line(&body[first.len()..]);
    let first_two = &body[..first.len() + second.len()];

    let encoding = if first.is_empty() {
        default.to_string()
    } else if let Some(encoding) = find_cookie(first, bom_found, filename)? {
        check(first, &encoding, filename)?;
        encoding
    } else if !is_blank(first) || second.is_empty() {
        check(first, default, filename)?;
        default.to_string()
    } else if let Some(encoding) = find_cookie(second, bom_found, filename)? {
        check(first_two, &encoding, filename)?;
        encoding
    } else {
        check(first_two, default, filename)?;
        default.to_string()
    };
    // Past the lines `detect_encoding` checked, the tokenizer replaces undecodable UTF-8.
    let text = if matches!(encoding.as_str(), "utf-8" | "utf-8-sig") {
        String::from_utf8_lossy(body).into_owned()
    } else {
        decode(body, &encoding)
            .ok_or_else(|| format!("unknown encoding for {}: {encoding}", py_repr(filename)))?
            .map_err(|()| invalid_declaration(filename))?
    };
    let shown = if encoding == "utf-8-sig" {
        "utf-8".to_string()
    } else {
        encoding
    };
    Ok((shown, text))
}

fn first_line(bytes: &[u8]) -> &[u8] {
    match bytes.iter().position(|&b| b == b'\n') {
        Some(i) => &bytes[..=i],
        None => bytes,
    }
}

fn invalid_declaration(filename: &str) -> String {
    format!(
        "invalid or missing encoding declaration for {}",
        py_repr(filename)
    )
}

/// `check`: the line must decode and hold no NUL byte.
fn check(line: &[u8], encoding: &str, filename: &str) -> Result<(), String> {
    if line.contains(&0) {
        return Err("source code cannot contain null bytes".to_string());
    }
    match decode(line, encoding) {
        Some(Ok(_)) | None => Ok(()),
        Some(Err(())) => Err(invalid_declaration(filename)),
    }
}

/// `blank_re`: only whitespace before a comment or the end of the line.
pub(super) fn is_blank(line: &[u8]) -> bool {
    let rest = trim_indent(line);
    matches!(rest.first(), None | Some(b'#' | b'\r' | b'\n'))
}

fn trim_indent(line: &[u8]) -> &[u8] {
    let skip = line
        .iter()
        .take_while(|&&b| matches!(b, b' ' | b'\t' | 0x0c))
        .count();
    &line[skip..]
}

/// The normalized codec name of a coding cookie on `line`, if any.
pub(super) fn cookie_name(line: &[u8]) -> Option<String> {
    find_cookie(line, false, "").ok().flatten()
}

/// `find_cookie`: `^[ \t\f]*#.*?coding[:=][ \t]*([-\w.]+)`, normalized and checked.
fn find_cookie(line: &[u8], bom_found: bool, filename: &str) -> Result<Option<String>, String> {
    let Some(comment) = trim_indent(line).strip_prefix(b"#") else {
        return Ok(None);
    };
    let is_name_byte = |b: &u8| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.');
    let mut found = None;
    for at in 0..comment.len() {
        let rest = &comment[at..];
        if rest.first() == Some(&b'\n') {
            break;
        }
        let Some(after) = rest.strip_prefix(b"coding") else {
            continue;
        };
        if !matches!(after.first(), Some(b':' | b'=')) {
            continue;
        }
        let value = &after[1..];
        let value = &value[value
            .iter()
            .take_while(|&&b| b == b' ' || b == b'\t')
            .count()..];
        let name_len = value.iter().take_while(|b| is_name_byte(b)).count();
        if name_len > 0 {
            found = Some(String::from_utf8_lossy(&value[..name_len]).into_owned());
            break;
        }
    }
    let Some(original) = found else {
        return Ok(None);
    };
    let encoding = normal_name(&original);
    if decode(b"", &encoding).is_none() {
        return Err(format!(
            "unknown encoding for {}: {encoding}",
            py_repr(filename)
        ));
    }
    if bom_found {
        if encoding != "utf-8" {
            return Err(format!("encoding problem for {}: utf-8", py_repr(filename)));
        }
        return Ok(Some("utf-8-sig".to_string()));
    }
    Ok(Some(encoding))
}

/// `_get_normal_name`.
fn normal_name(original: &str) -> String {
    let enc: String = original
        .chars()
        .take(12)
        .collect::<String>()
        .to_lowercase()
        .replace('_', "-");
    if enc == "utf-8" || enc.starts_with("utf-8-") {
        return "utf-8".to_string();
    }
    let latin = ["latin-1", "iso-8859-1", "iso-latin-1"];
    if latin.contains(&enc.as_str())
        || latin
            .iter()
            .any(|name| enc.starts_with(&format!("{name}-")))
    {
        return "iso-8859-1".to_string();
    }
    original.to_string()
}

/// Decodes `bytes` with a codec: `None` for a codec pyxray does not know, `Err` for bytes the
/// codec rejects. Unknown ASCII-compatible codecs are accepted for pure-ASCII input.
fn decode(bytes: &[u8], encoding: &str) -> Option<Result<String, ()>> {
    let key = encoding.to_lowercase().replace(['-', ' '], "_");
    match key.as_str() {
        "utf_8" | "utf8" | "u8" | "utf" | "utf_8_sig" | "cp65001" => {
            Some(String::from_utf8(bytes.to_vec()).map_err(|_| ()))
        }
        "iso_8859_1" | "iso8859_1" | "latin_1" | "latin1" | "l1" | "latin" | "cp819" | "8859" => {
            Some(Ok(bytes.iter().map(|&b| b as char).collect()))
        }
        "ascii" | "us_ascii" | "646" => Some(if bytes.is_ascii() {
            Ok(String::from_utf8_lossy(bytes).into_owned())
        } else {
            Err(())
        }),
        _ if bytes.is_ascii() && known_ascii_compatible(&key) => {
            Some(Ok(String::from_utf8_lossy(bytes).into_owned()))
        }
        _ => None,
    }
}

/// Codec families that agree with ASCII on ASCII bytes.
fn known_ascii_compatible(key: &str) -> bool {
    [
        "cp",
        "windows_",
        "iso_8859",
        "iso8859",
        "koi8",
        "mac_",
        "latin",
        "euc",
        "gb",
        "big5",
        "shift_jis",
    ]
    .iter()
    .any(|prefix| key.starts_with(prefix))
}
