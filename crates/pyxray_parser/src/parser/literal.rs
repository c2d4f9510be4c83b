//! Number and string literals: from token text to `Constant` values, and the concatenation of
//! adjacent string literals.
//!
//! CPython: `Parser/action_helpers.c` (`_PyPegen_concatenate_strings`), `Parser/string_parser.c`
//! (`_PyPegen_parse_string`, escape decoding), `Parser/pegen.c` (`parsenumber`).

use num_bigint::BigInt;
use pyxray_text::TextRange;

use super::{PResult, Parser};
use crate::ast::*;
use crate::token::{Token, TokenKind};

/// A string literal's prefix letters, e.g. `rb` in `rb"\d"`.
#[derive(Clone, Copy, Debug, Default)]
struct Prefix {
    raw: bool,
    bytes: bool,
    unicode: bool,
}

impl Parser<'_> {
    /// `NUMBER`: decimal, hex, octal, binary ints (any size), floats and imaginary numbers.
    pub(crate) fn number_literal(&mut self, token: Token) -> PResult<Constant> {
        let text: String = self.text(token).chars().filter(|&c| c != '_').collect();
        parse_number(&text).ok_or_else(|| self.error_at(token.range, "invalid number literal"))
    }

    /// `strings: (fstring | tstring | string)+`: adjacent literals joined into one constant.
    pub(crate) fn strings(&mut self) -> PResult<Expr> {
        let start = self.start();
        let mut text = String::new();
        let mut bytes: Vec<u8> = Vec::new();
        let mut kind = None;
        let mut saw_bytes = false;
        let mut saw_str = false;
        let mut first = true;
        loop {
            let token = self.peek();
            match token.kind {
                TokenKind::String => {}
                TokenKind::FstringStart | TokenKind::TstringStart => {
                    return Err(
                        self.error_at(token.range, "not supported yet: f-strings and t-strings")
                    );
                }
                _ => break,
            }
            self.advance();
            let literal = self.text(token);
            let (prefix, body) = split_string_literal(literal);
            if first && prefix.unicode {
                kind = Some("u".to_string());
            }
            first = false;
            if prefix.bytes {
                saw_bytes = true;
                bytes.extend(self.decode_bytes(body, prefix, token.range)?);
            } else {
                saw_str = true;
                text.push_str(&self.decode_str(body, prefix, token.range)?);
            }
            if saw_bytes && saw_str {
                let range = self.range_from(start);
                return Err(self.error_at(range, "cannot mix bytes and nonbytes literals"));
            }
        }
        let value = if saw_bytes {
            Constant::Bytes(bytes)
        } else {
            Constant::Str(text)
        };
        let range = self.range_from(start);
        Ok(self.expr_node(range, ExprKind::Constant { value, kind }))
    }

    fn decode_str(&self, body: &str, prefix: Prefix, range: TextRange) -> PResult<String> {
        if prefix.raw {
            return Ok(body.to_string());
        }
        let mut out = String::with_capacity(body.len());
        let mut chars = body.chars().peekable();
        while let Some(c) = chars.next() {
            if c != '\\' {
                out.push(c);
                continue;
            }
            let Some(escape) = chars.next() else {
                out.push('\\');
                break;
            };
            match escape {
                '\n' => {}
                '\r' => {
                    if chars.peek() == Some(&'\n') {
                        chars.next();
                    }
                }
                'u' | 'U' | 'x' => {
                    let width = match escape {
                        'x' => 2,
                        'u' => 4,
                        _ => 8,
                    };
                    let digits: String = chars.by_ref().take(width).collect();
                    let code = (digits.len() == width)
                        .then(|| u32::from_str_radix(&digits, 16).ok())
                        .flatten();
                    let Some(code) = code else {
                        let message = format!(
                            "(unicode error) 'unicodeescape' codec can't decode bytes: truncated \\{}{} escape",
                            escape,
                            "X".repeat(width)
                        );
                        return Err(self.error_at(range, message));
                    };
                    match char::from_u32(code) {
                        Some(decoded) => out.push(decoded),
                        None => {
                            return Err(self.error_at(
                                range,
                                "(unicode error) 'unicodeescape' codec can't decode bytes: illegal Unicode character",
                            ))
                        }
                    }
                }
                'N' => {
                    return Err(self.error_at(range, "not supported yet: \\N{...} escapes"));
                }
                other => match simple_escape(other, &mut chars) {
                    Some(decoded) => out.push(decoded),
                    None => {
                        // Unknown escapes stay as written (CPython warns, we do not).
                        out.push('\\');
                        out.push(other);
                    }
                },
            }
        }
        Ok(out)
    }

    fn decode_bytes(&self, body: &str, prefix: Prefix, range: TextRange) -> PResult<Vec<u8>> {
        if !body.is_ascii() {
            return Err(self.error_at(range, "bytes can only contain ASCII literal characters"));
        }
        if prefix.raw {
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
fn split_string_literal(literal: &str) -> (Prefix, &str) {
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
