//! Number and string literals: from token text to `Constant` values (escape decoding, `\N{…}`,
//! newline normalization). Joining adjacent literals and f-strings is in `fstring.rs`.
//!
//! CPython: `Parser/string_parser.c` (`_PyPegen_parse_string`, `decode_unicode_with_escapes`),
//! `Parser/pegen.c` (`parsenumber`).

use num_bigint::BigInt;
use pyxray_text::TextRange;

use super::{PResult, Parser};
use crate::ast::*;
use crate::token::Token;

/// A string literal's prefix letters, e.g. `rb` in `rb"\d"`.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Prefix {
    pub(crate) raw: bool,
    pub(crate) bytes: bool,
    pub(crate) unicode: bool,
}

impl Parser<'_> {
    /// `NUMBER`: decimal, hex, octal, binary ints (any size), floats and imaginary numbers.
    pub(crate) fn number_literal(&mut self, token: Token) -> PResult<Constant> {
        let text: String = self.text(token).chars().filter(|&c| c != '_').collect();
        parse_number(&text).ok_or_else(|| self.error_at(token.range, "invalid number literal"))
    }

    /// Decodes the body of a `str` literal: newlines normalized, escapes replaced unless `raw`
    /// (`_PyPegen_decode_string`).
    pub(crate) fn decode_str(&self, body: &str, raw: bool, range: TextRange) -> PResult<String> {
        let body = normalize_newlines(body);
        if raw || !body.contains('\\') {
            return Ok(body.into_owned());
        }
        let body = body.as_ref();
        let mut out = String::with_capacity(body.len());
        let mut chars = body.chars().peekable();
        // Where the codec is in the buffer it decodes: CPython first rewrites every non-ASCII
        // character as a 10-byte `\UXXXXXXXX` escape, and error positions count that buffer.
        let width_of = |c: char| if c.is_ascii() { 1 } else { 10 };
        let mut pos = 0usize;
        let error = |start: usize, end: usize, reason: &str| {
            let message = format!(
                "(unicode error) 'unicodeescape' codec can't decode bytes in position {start}-{}: {reason}",
                end - 1
            );
            Err(self.error_at(range, message))
        };
        while let Some(c) = chars.next() {
            if c != '\\' {
                pos += width_of(c);
                out.push(c);
                continue;
            }
            let start = pos;
            let Some(escape) = chars.next() else {
                out.push('\\');
                break;
            };
            pos += 1 + width_of(escape);
            match escape {
                '\n' => {}
                '\r' => {
                    if chars.peek() == Some(&'\n') {
                        chars.next();
                        pos += 1;
                    }
                }
                'u' | 'U' | 'x' => {
                    let width = match escape {
                        'x' => 2,
                        'u' => 4,
                        _ => 8,
                    };
                    let mut digits = String::new();
                    while digits.len() < width {
                        match chars.peek() {
                            Some(&d) if d.is_ascii_hexdigit() => {
                                digits.push(d);
                                chars.next();
                            }
                            _ => break,
                        }
                    }
                    pos += digits.len();
                    let code = (digits.len() == width)
                        .then(|| u32::from_str_radix(&digits, 16).ok())
                        .flatten();
                    let Some(code) = code else {
                        let reason = format!("truncated \\{}{} escape", escape, "X".repeat(width));
                        return error(start, pos, &reason);
                    };
                    match char::from_u32(code) {
                        Some(decoded) => out.push(decoded),
                        None => return error(start, pos, "illegal Unicode character"),
                    }
                }
                'N' => {
                    // `\N{NAME}`: only a built-in subset of the Unicode name table is known.
                    if chars.peek() != Some(&'{') {
                        return error(start, pos, "malformed \\N character escape");
                    }
                    chars.next();
                    pos += 1;
                    let mut name = String::new();
                    let mut closed = false;
                    for c in chars.by_ref() {
                        pos += width_of(c);
                        if c == '}' {
                            closed = true;
                            break;
                        }
                        name.push(c);
                    }
                    if !closed || name.is_empty() {
                        return error(start, pos, "malformed \\N character escape");
                    }
                    match lookup_unicode_name(&name) {
                        Some(decoded) => out.push(decoded),
                        None => return error(start, pos, "unknown Unicode character name"),
                    }
                }
                other => {
                    // An octal escape reads up to two more (ASCII) digits.
                    let octal_digits = if ('0'..='7').contains(&other) {
                        chars
                            .clone()
                            .take(2)
                            .take_while(|c| ('0'..='7').contains(c))
                            .count()
                    } else {
                        0
                    };
                    match simple_escape(other, &mut chars) {
                        Some(decoded) => {
                            pos += octal_digits;
                            out.push(decoded);
                        }
                        None => {
                            // Unknown escapes stay as written (CPython warns, we do not).
                            out.push('\\');
                            out.push(other);
                        }
                    }
                }
            }
        }
        Ok(out)
    }

    /// Decodes the body of a `bytes` literal (`_PyPegen_decode_bytes_with_escapes`).
    pub(crate) fn decode_bytes(&self, body: &str, raw: bool, range: TextRange) -> PResult<Vec<u8>> {
        if !body.is_ascii() {
            return Err(self.error_at(range, "bytes can only contain ASCII literal characters"));
        }
        let body = normalize_newlines(body);
        let body = body.as_ref();
        if raw {
            return Ok(body.as_bytes().to_vec());
        }
        let mut out = Vec::with_capacity(body.len());
        let mut chars = body.chars().peekable();
        while let Some(c) = chars.next() {
            if c != '\\' {
                out.push(c as u8);
                continue;
            }
            let Some(escape) = chars.next() else {
                out.push(b'\\');
                break;
            };
            match escape {
                '\n' => {}
                'x' => {
                    let digits: String = chars.by_ref().take(2).collect();
                    match u8::from_str_radix(&digits, 16) {
                        Ok(b) if digits.len() == 2 => out.push(b),
                        _ => {
                            return Err(self.error_at(
                                range,
                                format!("(value error) invalid \\x escape at position {}", 0),
                            ))
                        }
                    }
                }
                other => match simple_escape(other, &mut chars) {
                    Some(decoded) => out.push(decoded as u32 as u8),
                    None => {
                        out.push(b'\\');
                        out.push(other as u8);
                    }
                },
            }
        }
        Ok(out)
    }
}

/// The escapes shared by `str` and `bytes`: `\\ \' \" \a \b \f \n \r \t \v` and octal `\ooo`.
fn simple_escape(
    escape: char,
    rest: &mut std::iter::Peekable<std::str::Chars<'_>>,
) -> Option<char> {
    Some(match escape {
        '\\' => '\\',
        '\'' => '\'',
        '"' => '"',
        'a' => '\u{7}',
        'b' => '\u{8}',
        'f' => '\u{c}',
        'n' => '\n',
        'r' => '\r',
        't' => '\t',
        'v' => '\u{b}',
        '0'..='7' => {
            let mut value = escape.to_digit(8)?;
            for _ in 0..2 {
                match rest.peek().and_then(|c| c.to_digit(8)) {
                    Some(digit) => {
                        value = value * 8 + digit;
                        rest.next();
                    }
                    None => break,
                }
            }
            char::from_u32(value)?
        }
        _ => return None,
    })
}

/// Splits `rb'''text'''` into its prefix and the text between the quotes.
pub(crate) fn split_string_literal(literal: &str) -> (Prefix, &str) {
    let quote_at = literal.find(['\'', '"']).unwrap_or(literal.len());
    let (prefix_text, quoted) = literal.split_at(quote_at);
    let mut prefix = Prefix::default();
    for c in prefix_text.chars() {
        match c.to_ascii_lowercase() {
            'r' => prefix.raw = true,
            'b' => prefix.bytes = true,
            'u' => prefix.unicode = true,
            _ => {}
        }
    }
    let quote_len = if quoted.starts_with("'''") || quoted.starts_with("\"\"\"") {
        3
    } else {
        1
    };
    let body = quoted
        .get(quote_len..quoted.len().saturating_sub(quote_len))
        .unwrap_or("");
    (prefix, body)
}

/// The text as CPython's tokenizer buffer holds it: `\r\n` and a lone `\r` become `\n`
/// (`translate_newlines`).
pub(crate) fn normalize_newlines(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.contains('\r') {
        return std::borrow::Cow::Borrowed(text);
    }
    std::borrow::Cow::Owned(text.replace("\r\n", "\n").replace('\r', "\n"))
}

/// The character named `name` in `\N{name}`, for the names pyxray knows: Greek and Latin
/// letters, digits, CJK ideographs by code point, and a few common symbols. CPython knows the
/// whole Unicode name database (`unicodedata`), which would add ~1 MB to the wasm build.
fn lookup_unicode_name(name: &str) -> Option<char> {
    const GREEK: [&str; 25] = [
        "ALPHA",
        "BETA",
        "GAMMA",
        "DELTA",
        "EPSILON",
        "ZETA",
        "ETA",
        "THETA",
        "IOTA",
        "KAPPA",
        "LAMDA",
        "MU",
        "NU",
        "XI",
        "OMICRON",
        "PI",
        "RHO",
        "FINAL SIGMA",
        "SIGMA",
        "TAU",
        "UPSILON",
        "PHI",
        "CHI",
        "PSI",
        "OMEGA",
    ];
    const SYMBOLS: &[(&str, char)] = &[
        ("SPACE", ' '),
        ("NO-BREAK SPACE", '\u{a0}'),
        ("EM DASH", '\u{2014}'),
        ("EN DASH", '\u{2013}'),
        ("BULLET", '\u{2022}'),
        ("HORIZONTAL ELLIPSIS", '\u{2026}'),
        ("COPYRIGHT SIGN", '\u{a9}'),
        ("REGISTERED SIGN", '\u{ae}'),
        ("DEGREE SIGN", '\u{b0}'),
        ("MICRO SIGN", '\u{b5}'),
        ("EURO SIGN", '\u{20ac}'),
        ("POUND SIGN", '\u{a3}'),
        ("YEN SIGN", '\u{a5}'),
        ("SECTION SIGN", '\u{a7}'),
        ("PILCROW SIGN", '\u{b6}'),
        ("MULTIPLICATION SIGN", '\u{d7}'),
        ("DIVISION SIGN", '\u{f7}'),
        ("PLUS-MINUS SIGN", '\u{b1}'),
        ("INFINITY", '\u{221e}'),
        ("RIGHTWARDS ARROW", '\u{2192}'),
        ("LEFTWARDS ARROW", '\u{2190}'),
        ("BLACK STAR", '\u{2605}'),
        ("WHITE STAR", '\u{2606}'),
        ("SNOWMAN", '\u{2603}'),
        ("CHECK MARK", '\u{2713}'),
        ("HEAVY CHECK MARK", '\u{2714}'),
        ("BLACK HEART SUIT", '\u{2665}'),
        ("LEFT-POINTING DOUBLE ANGLE QUOTATION MARK", '\u{ab}'),
        ("RIGHT-POINTING DOUBLE ANGLE QUOTATION MARK", '\u{bb}'),
        ("LEFT DOUBLE QUOTATION MARK", '\u{201c}'),
        ("RIGHT DOUBLE QUOTATION MARK", '\u{201d}'),
        ("LEFT SINGLE QUOTATION MARK", '\u{2018}'),
        ("RIGHT SINGLE QUOTATION MARK", '\u{2019}'),
        ("NULL", '\0'),
        ("LINE FEED", '\n'),
        ("CARRIAGE RETURN", '\r'),
        ("CHARACTER TABULATION", '\t'),
        ("GRINNING FACE", '\u{1f600}'),
        ("SNAKE", '\u{1f40d}'),
        ("PILE OF POO", '\u{1f4a9}'),
        ("THUMBS UP SIGN", '\u{1f44d}'),
    ];
    let name = name.to_ascii_uppercase();
    if let Some(&(_, c)) = SYMBOLS.iter().find(|(n, _)| *n == name) {
        return Some(c);
    }
    if let Some(hex) = name.strip_prefix("CJK UNIFIED IDEOGRAPH-") {
        return char::from_u32(u32::from_str_radix(hex, 16).ok()?);
    }
    let letter = |rest: &str, base: u32| -> Option<char> {
        let index = GREEK.iter().position(|g| *g == rest)? as u32;
        char::from_u32(base + index)
    };
    if let Some(rest) = name.strip_prefix("GREEK SMALL LETTER ") {
        return letter(rest, 0x3b1);
    }
    if let Some(rest) = name.strip_prefix("GREEK CAPITAL LETTER ") {
        // U+03A2 (capital final sigma) is unassigned.
        return letter(rest, 0x391).filter(|&c| c != '\u{3a2}');
    }
    let single = |rest: &str| -> Option<u8> {
        let b = rest.as_bytes();
        (b.len() == 1 && b[0].is_ascii_alphabetic()).then(|| b[0])
    };
    if let Some(c) = name.strip_prefix("LATIN SMALL LETTER ").and_then(single) {
        return Some(c.to_ascii_lowercase() as char);
    }
    if let Some(c) = name.strip_prefix("LATIN CAPITAL LETTER ").and_then(single) {
        return Some(c as char);
    }
    const DIGITS: [&str; 10] = [
        "ZERO", "ONE", "TWO", "THREE", "FOUR", "FIVE", "SIX", "SEVEN", "EIGHT", "NINE",
    ];
    let digit = name.strip_prefix("DIGIT ")?;
    let index = DIGITS.iter().position(|d| *d == digit)?;
    char::from_digit(index as u32, 10)
}

/// Parses a number literal with underscores already removed.
fn parse_number(text: &str) -> Option<Constant> {
    if let Some(imag) = text.strip_suffix(['j', 'J']) {
        let imag: f64 = parse_float(imag)?;
        return Some(Constant::Complex { real: 0.0, imag });
    }
    let radix = match text.get(..2).map(str::to_ascii_lowercase).as_deref() {
        Some("0x") => 16,
        Some("0o") => 8,
        Some("0b") => 2,
        _ => 10,
    };
    if radix != 10 {
        return BigInt::parse_bytes(text.get(2..)?.as_bytes(), radix).map(Constant::Int);
    }
    if text.contains(['.', 'e', 'E']) {
        return parse_float(text).map(Constant::Float);
    }
    BigInt::parse_bytes(text.as_bytes(), 10).map(Constant::Int)
}

/// A float literal such as `1.`, `.5`, `1e10`, correctly rounded.
fn parse_float(text: &str) -> Option<f64> {
    let normalized = if text.ends_with('.') {
        format!("{text}0")
    } else if text.starts_with('.') {
        format!("0{text}")
    } else {
        text.to_string()
    };
    normalized.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_in_every_notation() {
        assert_eq!(parse_number("0xff"), Some(Constant::Int(255.into())));
        assert_eq!(parse_number("0o17"), Some(Constant::Int(15.into())));
        assert_eq!(parse_number("0b101"), Some(Constant::Int(5.into())));
        assert_eq!(parse_number("1.5e3"), Some(Constant::Float(1500.0)));
        assert_eq!(parse_number("1."), Some(Constant::Float(1.0)));
        assert_eq!(parse_number(".5"), Some(Constant::Float(0.5)));
        assert_eq!(
            parse_number("2j"),
            Some(Constant::Complex {
                real: 0.0,
                imag: 2.0
            })
        );
        let big = "123456789012345678901234567890";
        assert_eq!(
            parse_number(big),
            Some(Constant::Int(
                BigInt::parse_bytes(big.as_bytes(), 10).unwrap_or_default()
            ))
        );
    }

    #[test]
    fn string_prefix_and_body() {
        let (prefix, body) = split_string_literal("Rb'''a'b'''");
        assert!(prefix.raw && prefix.bytes && !prefix.unicode);
        assert_eq!(body, "a'b");
        let (prefix, body) = split_string_literal("u\"x\"");
        assert!(prefix.unicode);
        assert_eq!(body, "x");
    }
}
