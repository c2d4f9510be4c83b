//! Comparing pyxray's output with CPython's, and naming each difference by a signature so
//! that many programs hitting one bug count once, and a known difference can be listed in
//! `tests/difftest/known.tsv`.
//!
//! A signature is `raises: <pyxray's exception> | <CPython's exception>` when the programs
//! end differently (exception type and message, digits and long quoted text blurred), else
//! `value: <word> | <word>` for the first differing word of output, else
//! `line: <line> | <line>` (e.g. different carets in a traceback).
//! CPython has no counterpart; this is pyxray's own test tooling.

use std::fmt;

#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    Raises,
    Value,
    Line,
}

/// What a difference looks like, with pyxray's side and CPython's side blurred so that the
/// same bug in different programs gives the same signature.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Signature {
    pub kind: Kind,
    pub pyxray: String,
    pub cpython: String,
}

impl Signature {
    /// What went wrong, for grouping: for a `raises` signature the side that stopped first
    /// (`pyxray raises: …` or `pyxray misses: <CPython's exception>`), else the whole
    /// signature.
    pub fn cause(&self) -> String {
        match self.kind {
            Kind::Raises if self.pyxray != ANY && self.pyxray != "exit: 0" => {
                format!("pyxray raises: {}", self.pyxray)
            }
            Kind::Raises => format!("pyxray misses: {}", self.cpython),
            Kind::Value if self.pyxray.starts_with("<freed") => {
                "pyxray prints a freed object".to_string()
            }
            _ => self.to_string(),
        }
    }
}

impl fmt::Display for Signature {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match self.kind {
            Kind::Raises => "raises",
            Kind::Value => "value",
            Kind::Line => "line",
        };
        write!(f, "{kind}: {} | {}", self.pyxray, self.cpython)
    }
}

/// The signature of the difference between the two outputs, or `None` if they are equal.
pub fn signature(pyxray: &str, cpython: &str) -> Option<Signature> {
    if pyxray == cpython {
        return None;
    }
    let (p_lines, c_lines): (Vec<&str>, Vec<&str>) =
        (pyxray.lines().collect(), cpython.lines().collect());
    let (pyxray_end, cpython_end) = (ending(pyxray), ending(cpython));
    if pyxray_end != cpython_end {
        // The side that stopped first, with the same output until then, is the one that
        // went wrong; what the other did next does not name the difference.
        let (p_before, c_before) = (before_exception(&p_lines), before_exception(&c_lines));
        let (mut p_side, mut c_side) = (pyxray_end.clone(), cpython_end.clone());
        let (p_line, c_line) = (raising_line(&p_lines), raising_line(&c_lines));
        let pyxray_first = if p_before == c_before {
            // Same output: the traceback's line number tells which stopped first.
            p_line
                .zip(c_line)
                .map(|(p, c)| p.cmp(&c))
                .or(match (p_line, c_line) {
                    (Some(_), None) if cpython_end == "exit: 0" => Some(std::cmp::Ordering::Less),
                    (None, Some(_)) if pyxray_end == "exit: 0" => Some(std::cmp::Ordering::Greater),
                    _ => None,
                })
        } else if pyxray_end != "exit: 0" && c_lines.starts_with(p_before) {
            Some(std::cmp::Ordering::Less)
        } else if cpython_end != "exit: 0" && p_lines.starts_with(c_before) {
            Some(std::cmp::Ordering::Greater)
        } else {
            None
        };
        match pyxray_first {
            Some(std::cmp::Ordering::Less) => c_side = ANY.to_string(),
            Some(std::cmp::Ordering::Greater) => p_side = ANY.to_string(),
            _ => {}
        }
        return Some(Signature {
            kind: Kind::Raises,
            pyxray: p_side,
            cpython: c_side,
        });
    }
    let index = (0..)
        .find(|&i| p_lines.get(i) != c_lines.get(i))
        .unwrap_or(0);
    let (p_line, c_line) = (p_lines.get(index), c_lines.get(index));
    if let (Some(p), Some(c)) = (p_line, c_line) {
        if !is_traceback_line(p) && !is_traceback_line(c) {
            let (p_words, c_words): (Vec<&str>, Vec<&str>) =
                (p.split(' ').collect(), c.split(' ').collect());
            let at = (0..)
                .find(|&i| p_words.get(i) != c_words.get(i))
                .unwrap_or(0);
            let (p_word, c_word) = (p_words.get(at).copied(), c_words.get(at).copied());
            // From the first differing character: `[<freed …` against `[-1, …`.
            let common = match (p_word, c_word) {
                (Some(p), Some(c)) => p
                    .char_indices()
                    .zip(c.chars())
                    .find(|((_, a), b)| a != b)
                    .map_or(p.len().min(c.len()), |((i, _), _)| i),
                _ => 0,
            };
            // Numbers are shown whole: `1e+16 | 1e16`, not `+16 | 16`.
            let p_prefix = p_word.map_or("", |p| &p[..common]);
            let common = if p_prefix
                .chars()
                .all(|c| c.is_ascii_digit() || "+-.e".contains(c))
            {
                0
            } else {
                common
            };
            let show = |word: Option<&str>| {
                word.map_or("<end of line>".into(), |w| blur(&w[common.min(w.len())..]))
            };
            return Some(Signature {
                kind: Kind::Value,
                pyxray: show(p_word),
                cpython: show(c_word),
            });
        }
    }
    let show = |line: Option<&&str>| line.map_or("<end>".to_string(), |l| blur(l.trim()));
    Some(Signature {
        kind: Kind::Line,
        pyxray: show(p_line),
        cpython: show(c_line),
    })
}

/// Whether `output` (pyxray's, for a reduced program) can still show the difference named
/// by `signature` — a cheap test before asking the oracle.
pub fn plausible(signature: &Signature, output: &str) -> bool {
    match signature.kind {
        Kind::Raises => {
            signature.pyxray == ANY
                || signature.pyxray == "exit: 0"
                || ending(output) == signature.pyxray
        }
        Kind::Value => {
            signature.pyxray == "<end of line>"
                || output
                    .lines()
                    .flat_map(|line| line.split(' '))
                    .any(|word| blur(word).contains(&signature.pyxray))
        }
        Kind::Line => {
            signature.pyxray == "<end>"
                || output
                    .lines()
                    .any(|line| blur(line.trim()) == signature.pyxray)
        }
    }
}

/// The side of a `raises` signature whose ending does not matter.
const ANY: &str = "…";

/// The lines before a traceback or a pyxray message (all but the `exit:` line if none).
fn before_exception<'a, 'b>(lines: &'b [&'a str]) -> &'b [&'a str] {
    let end = lines
        .iter()
        .position(|line| {
            line.starts_with("Traceback (most recent call last)") || line.starts_with("pyxray")
        })
        .unwrap_or(lines.len().saturating_sub(1));
    &lines[..end]
}

/// The line number of the innermost `File "…", line N` of a traceback.
fn raising_line(lines: &[&str]) -> Option<u32> {
    lines
        .iter()
        .rev()
        .find_map(|line| line.strip_prefix("  File \"prog.py\", line "))
        .and_then(|rest| rest.split(',').next())
        .and_then(|number| number.parse().ok())
}

/// How a run ended: the exception (or `not supported`, panic, limit) line, blurred, or
/// `exit: 0`.
fn ending(output: &str) -> String {
    let lines: Vec<&str> = output.lines().collect();
    let status = lines.last().copied().unwrap_or("");
    if status == "exit: 0" {
        return status.to_string();
    }
    let last = lines
        .iter()
        .rev()
        .skip(1)
        .find(|line| !line.starts_with("\\ No newline"))
        .copied()
        .unwrap_or("");
    if let Some(rest) = last.strip_prefix("pyxray: not supported yet: ") {
        let what = rest.rsplit_once(" (line").map_or(rest, |(what, _)| what);
        return format!("not supported yet: {what}");
    }
    if is_exception_line(last) || last.starts_with("pyxray") {
        return format!("{} ({status})", blur(last));
    }
    format!("<no exception> ({status})")
}

/// `TypeError: …`, `ZeroDivisionError: …`, `KeyboardInterrupt`.
fn is_exception_line(line: &str) -> bool {
    let name = line.split(':').next().unwrap_or("");
    !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '.')
        && [
            "Error",
            "Exception",
            "Warning",
            "Interrupt",
            "Exit",
            "Iteration",
        ]
        .iter()
        .any(|suffix| name.ends_with(suffix))
}

fn is_traceback_line(line: &str) -> bool {
    line.starts_with("Traceback (most recent call last)")
        || line.starts_with("  File ")
        || line.starts_with("    ")
        || is_exception_line(line)
        || line.starts_with("exit: ")
}

/// Runs of digits become one `9`, quoted text over 12 characters becomes `'…'`, and the
/// whole is cut at 80 characters.
pub fn blur(text: &str) -> String {
    let mut out = String::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c.is_ascii_digit() {
            while chars.peek().is_some_and(|d| d.is_ascii_digit()) {
                chars.next();
            }
            out.push('9');
        } else if c == '\'' {
            let quoted: String = chars.clone().take_while(|&q| q != '\'').collect();
            let length = quoted.chars().count();
            if chars.clone().nth(length) != Some('\'') {
                out.push(c);
                continue;
            }
            // Skip past the closing quote; keep short text (type names, `'<'`).
            for _ in 0..=length {
                chars.next();
            }
            if length > 12 {
                out.push_str("'…'");
            } else {
                out.push('\'');
                out.push_str(&blur(&quoted));
                out.push('\'');
            }
        } else {
            out.push(c);
        }
    }
    if out.chars().count() > 80 {
        out = out.chars().take(80).collect::<String>() + "…";
    }
    out
}

/// `tests/difftest/known.tsv`: `<text in the signature>\t<reason>` per line, `#` comments.
#[derive(Clone, Debug, Default)]
pub struct KnownList {
    entries: Vec<(String, String)>,
}

impl KnownList {
    pub fn parse(text: &str) -> KnownList {
        let entries = text
            .lines()
            .filter(|line| !line.trim().is_empty() && !line.starts_with('#'))
            .filter_map(|line| line.split_once('\t'))
            .map(|(pattern, reason)| (pattern.to_string(), reason.trim().to_string()))
            .collect();
        KnownList { entries }
    }

    /// The reason a difference is known, if an entry's pattern occurs in its cause or in
    /// the whole signature (so an error pyxray misses is known even when pyxray then raised
    /// a later one: `raises: <later> | <missed>`).
    pub fn reason(&self, signature: &Signature) -> Option<&str> {
        let (cause, whole) = (signature.cause(), signature.to_string());
        self.entries
            .iter()
            .find(|(pattern, _)| {
                cause.contains(pattern.as_str()) || whole.contains(pattern.as_str())
            })
            .map(|(_, reason)| reason.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_outputs_have_no_signature() {
        assert_eq!(signature("1\nexit: 0\n", "1\nexit: 0\n"), None);
    }

    #[test]
    fn a_spurious_exception_is_named_by_both_endings() {
        let pyxray = "1\nTraceback (most recent call last):\n  File \"prog.py\", line 2, in <module>\n    x\nTypeError: '<' not supported between instances of 'list' and 'list'\nexit: 1\n";
        let cpython = "1\nTrue\nexit: 0\n";
        let sig = signature(pyxray, cpython).unwrap();
        assert_eq!(
            sig.to_string(),
            "raises: TypeError: '<' not supported between instances of 'list' and 'list' (exit: 1) | …"
        );
        assert!(plausible(&sig, pyxray));
        assert!(!plausible(&sig, cpython));
    }

    #[test]
    fn a_value_difference_is_named_by_the_first_differing_word() {
        let sig = signature("a 1e+16 b\nexit: 0\n", "a 1e16 b\nexit: 0\n").unwrap();
        assert_eq!(sig.to_string(), "value: 9e+9 | 9e9");
        assert!(plausible(&sig, "x 3e+20\nexit: 0\n"));
        assert!(!plausible(&sig, "x 3e20\nexit: 0\n"));
    }

    #[test]
    fn a_value_difference_shows_where_the_words_part() {
        let sig = signature("[<freed object>]\nexit: 0\n", "[-1]\nexit: 0\n").unwrap();
        assert_eq!(sig.to_string(), "value: <freed | -9]");
    }

    #[test]
    fn the_side_that_stopped_first_names_the_difference() {
        let pyxray = "1\nTraceback (most recent call last):\nTypeError: bad\nexit: 1\n";
        let cpython = "1\n2\nTraceback (most recent call last):\nValueError: other\nexit: 1\n";
        let sig = signature(pyxray, cpython).unwrap();
        assert_eq!(sig.to_string(), "raises: TypeError: bad (exit: 1) | …");
        let sig = signature(cpython, pyxray).unwrap();
        assert_eq!(sig.to_string(), "raises: … | TypeError: bad (exit: 1)");
    }

    #[test]
    fn carets_differ_as_lines() {
        let head = "Traceback (most recent call last):\n  File \"prog.py\", line 1, in <module>\n    1 / 0\n";
        let pyxray = format!("{head}    ^^^^^\nZeroDivisionError: division by zero\nexit: 1\n");
        let cpython = format!("{head}    ~~^~~\nZeroDivisionError: division by zero\nexit: 1\n");
        let sig = signature(&pyxray, &cpython).unwrap();
        assert_eq!(sig.to_string(), "line: ^^^^^ | ~~^~~");
    }

    #[test]
    fn blur_hides_numbers_and_long_quotes() {
        assert_eq!(
            blur("name 'n12_' is not defined"),
            "name 'n9_' is not defined"
        );
        assert_eq!(
            blur("invalid literal: 'a very long literal'"),
            "invalid literal: '…'"
        );
    }

    #[test]
    fn checked_in_known_list_is_well_formed() {
        let text = include_str!("../../../tests/difftest/known.tsv");
        for line in text
            .lines()
            .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        {
            let (pattern, reason) = line.split_once('\t').expect("pattern<TAB>reason");
            assert!(!pattern.is_empty() && !reason.trim().is_empty(), "{line}");
        }
        assert!(!KnownList::parse(text).entries.is_empty());
    }

    #[test]
    fn known_list_matches_by_substring() {
        let known = KnownList::parse("# comment\n'list' and 'list'\tlist ordering missing\n");
        let sig = Signature {
            kind: Kind::Raises,
            pyxray: "TypeError: '<' not supported between instances of 'list' and 'list'".into(),
            cpython: "exit: 0".into(),
        };
        assert_eq!(known.reason(&sig), Some("list ordering missing"));
        // CPython's side of a `raises` signature counts too.
        let known = KnownList::parse("| ValueError: bad spec\tspec check missing\n");
        let sig = Signature {
            kind: Kind::Raises,
            pyxray: "TypeError: later".into(),
            cpython: "ValueError: bad spec".into(),
        };
        assert_eq!(known.reason(&sig), Some("spec check missing"));
    }
}
