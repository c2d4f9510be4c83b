//! Python's `repr` of the literal types the parser, `dis` and the VM all print:
//! `str`, `bytes`, `float` and `complex`.
//!
//! CPython: `Objects/unicodeobject.c` (`unicode_repr`), `Objects/bytesobject.c`
//! (`PyBytes_Repr`), `Python/pystrtod.c` (`PyOS_double_to_string`, format code `'r'`),
//! `Objects/complexobject.c` (`complex_repr`).

use std::fmt::Write;

/// `repr(s)` for a `str`: single quotes unless the text holds `'` and no `"`.
pub fn str_repr(s: &str) -> String {
    let quote = if s.contains('\'') && !s.contains('"') {
        '"'
    } else {
        '\''
    };
    let mut out = String::with_capacity(s.len() + 2);
    out.push(quote);
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c == quote => {
                out.push('\\');
                out.push(c);
            }
            c if is_printable(c) => out.push(c),
            c => {
                let code = c as u32;
                let _ = if code < 0x100 {
                    write!(out, "\\x{code:02x}")
                } else if code < 0x10000 {
                    write!(out, "\\u{code:04x}")
                } else {
                    write!(out, "\\U{code:08x}")
                };
            }
        }
    }
    out.push(quote);
    out
}

/// `str.isprintable()` for one character, close to CPython's Unicode tables: control,
/// format, separator (other than space), private-use and non-characters are not printable.
pub fn is_printable(c: char) -> bool {
    let code = c as u32;
    !matches!(code,
        0x00..=0x1f | 0x7f..=0xa0 | 0xad
        | 0x600..=0x605 | 0x61c | 0x6dd | 0x70f | 0x890..=0x891 | 0x8e2 | 0x1680 | 0x180e
        | 0x2000..=0x200f | 0x2028..=0x202f | 0x205f..=0x2064 | 0x2066..=0x206f
        | 0x3000 | 0xd800..=0xf8ff | 0xfeff | 0xfff9..=0xfffb | 0xfffe..=0xffff
        | 0x110bd | 0x110cd | 0x13430..=0x1343f | 0x1bca0..=0x1bca3 | 0x1d173..=0x1d17a
        | 0xe0001 | 0xe0020..=0xe007f | 0xf0000..=0x10ffff)
}

/// `repr(b)` for `bytes`: `b'...'` with `\xNN` escapes for non-ASCII and control bytes.
pub fn bytes_repr(bytes: &[u8]) -> String {
    let quote = if bytes.contains(&b'\'') && !bytes.contains(&b'"') {
        b'"'
    } else {
        b'\''
    };
    let mut out = String::with_capacity(bytes.len() + 3);
    out.push('b');
    out.push(quote as char);
    for &b in bytes {
        match b {
            b'\\' => out.push_str("\\\\"),
            b'\n' => out.push_str("\\n"),
            b'\r' => out.push_str("\\r"),
            b'\t' => out.push_str("\\t"),
            b if b == quote => {
                out.push('\\');
                out.push(b as char);
            }
            0x20..=0x7e => out.push(b as char),
            b => {
                let _ = write!(out, "\\x{b:02x}");
            }
        }
    }
    out.push(quote as char);
    out
}

/// The shortest decimal digits that round-trip `x` (finite, non-negative) and the
/// decimal point position: `x == 0.d1d2…dn × 10^decpt`.
fn shortest_digits(x: f64) -> (String, i32) {
    // `{:e}` prints the shortest round-trip digits, e.g. `1.5e-7`.
    let scientific = format!("{x:e}");
    let (mantissa, exponent) = scientific.split_once('e').unwrap_or((&scientific, "0"));
    let digits: String = mantissa.chars().filter(|c| c.is_ascii_digit()).collect();
    let exponent: i32 = exponent.parse().unwrap_or(0);
    (digits, exponent + 1)
}

/// Format `x` as CPython's `repr` (`'r'` format), optionally without the `.0` CPython adds to
/// integral values (complex parts omit it).
fn format_float_repr(x: f64, add_dot_zero: bool) -> String {
    if x.is_nan() {
        return "nan".to_string();
    }
    if x.is_infinite() {
        return if x > 0.0 { "inf" } else { "-inf" }.to_string();
    }
    let sign = if x.is_sign_negative() { "-" } else { "" };
    if x == 0.0 {
        return format!("{sign}0{}", if add_dot_zero { ".0" } else { "" });
    }
    let (digits, decpt) = shortest_digits(x.abs());
    let n = digits.len() as i32;
    let mut out = String::from(sign);
    if decpt <= -4 || decpt > 16 {
        // Exponent notation: d.ddd e±XX (at least two exponent digits).
        out.push_str(&digits[..1]);
        if n > 1 {
            out.push('.');
            out.push_str(&digits[1..]);
        }
        let exponent = decpt - 1;
        let _ = write!(
            out,
            "e{}{:02}",
            if exponent < 0 { '-' } else { '+' },
            exponent.abs()
        );
    } else if decpt <= 0 {
        out.push_str("0.");
        out.extend(std::iter::repeat_n('0', (-decpt) as usize));
        out.push_str(&digits);
    } else if decpt >= n {
        out.push_str(&digits);
        out.extend(std::iter::repeat_n('0', (decpt - n) as usize));
        if add_dot_zero {
            out.push_str(".0");
        }
    } else {
        out.push_str(&digits[..decpt as usize]);
        out.push('.');
        out.push_str(&digits[decpt as usize..]);
    }
    out
}

/// `repr(x)` for a `float`, e.g. `0.1`, `1e+16`, `1.5e-07`, `2.0`.
pub fn float_repr(x: f64) -> String {
    format_float_repr(x, true)
}

/// `repr(z)` for a `complex`, e.g. `2j`, `(1+2j)`, `(-0-1j)`.
pub fn complex_repr(real: f64, imag: f64) -> String {
    let imag_text = format_float_repr(imag, false);
    if real == 0.0 && real.is_sign_positive() {
        return format!("{imag_text}j");
    }
    let real_text = format_float_repr(real, false);
    let sign = if imag.is_sign_negative() || imag.is_nan() && imag_text.starts_with('-') {
        ""
    } else {
        "+"
    };
    format!("({real_text}{sign}{imag_text}j)")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn float_reprs_match_cpython() {
        let cases = [
            (0.1, "0.1"),
            (2.0, "2.0"),
            (1e16, "1e+16"),
            (1e15, "1000000000000000.0"),
            (123456789012345680.0, "1.2345678901234568e+17"),
            (0.0001, "0.0001"),
            (0.00001, "1e-05"),
            (1.5e-7, "1.5e-07"),
            (-0.0, "-0.0"),
            (0.1 + 0.2, "0.30000000000000004"),
            (f64::INFINITY, "inf"),
            (f64::NAN, "nan"),
            (1e308 * 10.0, "inf"),
            (2.5, "2.5"),
        ];
        for (x, expected) in cases {
            assert_eq!(float_repr(x), expected, "repr({x:e})");
        }
    }

    #[test]
    fn complex_reprs_match_cpython() {
        assert_eq!(complex_repr(0.0, 2.0), "2j");
        assert_eq!(complex_repr(1.0, 2.0), "(1+2j)");
        assert_eq!(complex_repr(1.5, -0.5), "(1.5-0.5j)");
        assert_eq!(complex_repr(-0.0, 1.0), "(-0+1j)");
    }

    #[test]
    fn string_reprs_pick_quotes_and_escape() {
        assert_eq!(str_repr("abc"), "'abc'");
        assert_eq!(str_repr("it's"), "\"it's\"");
        assert_eq!(str_repr("'\""), "'\\'\"'");
        assert_eq!(str_repr("a\nb\t\\"), "'a\\nb\\t\\\\'");
        assert_eq!(str_repr("\u{7}é€\u{a0}"), "'\\x07é€\\xa0'");
        assert_eq!(bytes_repr(b"a'\x00\xff"), "b\"a'\\x00\\xff\"");
    }
}
