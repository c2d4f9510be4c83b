//! `format(value, spec)` for the built-in types: the format specification mini-language
//! `[[fill]align][sign][z][#][0][width][grouping][.precision][type]` for `str`, `int` and `float`.
//!
//! CPython: `Python/formatter_unicode.c` (`parse_internal_render_format_spec`,
//! `format_string_internal`, `format_long_internal`, `format_float_internal`), `Python/pystrtod.c`.

use num_bigint::BigInt;
use num_traits::{Signed, ToPrimitive};
use pyxray_text::repr::float_repr;

use super::{Object, Raise};

/// A parsed format specification.
#[derive(Clone, Debug, Default)]
struct Spec {
    fill: Option<char>,
    align: Option<char>,
    sign: Option<char>,
    no_negative_zero: bool,
    alternate: bool,
    width: usize,
    grouping: Option<char>,
    precision: Option<usize>,
    kind: Option<char>,
}

fn invalid(spec: &str, type_name: &str) -> Raise {
    Raise::new(
        "ValueError",
        format!("Invalid format specifier '{spec}' for object of type '{type_name}'"),
    )
}

/// `parse_internal_render_format_spec`.
fn parse(text: &str, type_name: &str) -> Result<Spec, Raise> {
    let chars: Vec<char> = text.chars().collect();
    let is_align = |c: char| matches!(c, '<' | '>' | '=' | '^');
    let mut spec = Spec::default();
    let mut i = 0;
    if chars.len() >= 2 && is_align(chars[1]) {
        spec.fill = Some(chars[0]);
        spec.align = Some(chars[1]);
        i = 2;
    } else if chars.first().is_some_and(|&c| is_align(c)) {
        spec.align = Some(chars[0]);
        i = 1;
    }
    if let Some(&c @ ('+' | '-' | ' ')) = chars.get(i) {
        spec.sign = Some(c);
        i += 1;
    }
    if chars.get(i) == Some(&'z') {
        spec.no_negative_zero = true;
        i += 1;
    }
    if chars.get(i) == Some(&'#') {
        spec.alternate = true;
        i += 1;
    }
    if chars.get(i) == Some(&'0') {
        if spec.fill.is_none() {
            spec.fill = Some('0');
        }
        if spec.align.is_none() {
            spec.align = Some('=');
        }
        i += 1;
    }
    // A width or precision past `Py_ssize_t` (32 bits in the reference build) is refused.
    let too_many_digits = || Raise::new("ValueError", "Too many decimal digits in format string");
    let digits = |i: &mut usize| -> Result<Option<usize>, Raise> {
        let start = *i;
        while chars.get(*i).is_some_and(char::is_ascii_digit) {
            *i += 1;
        }
        if start == *i {
            return Ok(None);
        }
        let text: String = chars[start..*i].iter().collect();
        match text.parse::<u64>() {
            Ok(n) if n <= i32::MAX as u64 => Ok(Some(n as usize)),
            _ => Err(too_many_digits()),
        }
    };
    spec.width = digits(&mut i)?.unwrap_or(0);
    if let Some(&c @ (',' | '_')) = chars.get(i) {
        spec.grouping = Some(c);
        i += 1;
    }
    if chars.get(i) == Some(&'.') {
        i += 1;
        spec.precision = Some(
            digits(&mut i)?
                .ok_or_else(|| Raise::new("ValueError", "Format specifier missing precision"))?,
        );
    }
    if i + 1 < chars.len() {
        return Err(invalid(text, type_name));
    }
    spec.kind = chars.get(i).copied();
    Ok(spec)
}

/// Pads `body` (after `sign`) to the width, as the alignment says.
fn pad(sign: &str, body: &str, spec: &Spec, default_align: char) -> String {
    let fill = spec.fill.unwrap_or(' ');
    let length = sign.chars().count() + body.chars().count();
    let padding = spec.width.saturating_sub(length);
    let repeat = |n: usize| std::iter::repeat_n(fill, n).collect::<String>();
    match spec.align.unwrap_or(default_align) {
        '<' => format!("{sign}{body}{}", repeat(padding)),
        '^' => format!(
            "{}{sign}{body}{}",
            repeat(padding / 2),
            repeat(padding - padding / 2)
        ),
        '=' => format!("{sign}{}{body}", repeat(padding)),
        _ => format!("{}{sign}{body}", repeat(padding)),
    }
}

/// Inserts `separator` every `every` digits from the right of `digits`.
fn group(digits: &str, separator: char, every: usize) -> String {
    let chars: Vec<char> = digits.chars().collect();
    let mut out = String::with_capacity(chars.len() + chars.len() / every);
    for (i, c) in chars.iter().enumerate() {
        if i > 0 && (chars.len() - i).is_multiple_of(every) {
            out.push(separator);
        }
        out.push(*c);
    }
    out
}

fn sign_text(negative: bool, spec: &Spec) -> &'static str {
    match (negative, spec.sign) {
        (true, _) => "-",
        (false, Some('+')) => "+",
        (false, Some(' ')) => " ",
        _ => "",
    }
}

/// Zero padding with `=` alignment also groups the padding zeros, as CPython does: the digits
/// get as many leading zeros as it takes for the grouped text to fill the width.
fn grouped_with_zero_padding(
    digits: &str,
    spec: &Spec,
    sign_and_prefix: usize,
    every: usize,
) -> String {
    let Some(separator) = spec.grouping else {
        return digits.to_string();
    };
    let zero_padded = spec.fill == Some('0') && spec.align == Some('=');
    let grouped_length = |n: usize| n + n.saturating_sub(1) / every;
    let mut count = digits.chars().count();
    if zero_padded {
        while grouped_length(count) + sign_and_prefix < spec.width {
            count += 1;
        }
    }
    let zeros = count - digits.chars().count();
    let padded: String = std::iter::repeat_n('0', zeros)
        .chain(digits.chars())
        .collect();
    group(&padded, separator, every)
}

/// `format(value, spec)`: the text, or the error CPython raises. `room` is how many bytes
/// the heap's budget has left: a width or precision past it is a `MemoryError`.
pub fn format_value(
    object: &Object,
    text: &str,
    str_of_object: impl Fn() -> Result<String, Raise>,
    room: usize,
) -> Result<String, Raise> {
    let type_name = match object {
        Object::Bool(_) => "bool",
        other => other.type_name(),
    };
    if let Ok(spec) = parse(text, type_name) {
        if spec.width > room || spec.precision.is_some_and(|p| p > room) {
            return Err(super::ops::memory_error());
        }
    }
    match object {
        Object::Str(s) => format_str(s, text),
        Object::Int(i) => format_int(i, text, "int"),
        Object::Bool(b) if !text.is_empty() => format_int(&BigInt::from(*b as u8), text, "bool"),
        Object::Float(x) => format_float(*x, text, "float"),
        _ if text.is_empty() => str_of_object(),
        other => Err(Raise::new(
            "TypeError",
            format!(
                "unsupported format string passed to {}.__format__",
                other.type_name()
            ),
        )),
    }
}

fn format_str(value: &str, text: &str) -> Result<String, Raise> {
    let spec = parse(text, "str")?;
    match spec.kind {
        None | Some('s') => {}
        Some(other) => {
            return Err(Raise::new(
                "ValueError",
                format!("Unknown format code '{other}' for object of type 'str'"),
            ))
        }
    }
    if spec.sign.is_some() {
        return Err(Raise::new(
            "ValueError",
            "Sign not allowed in string format specifier",
        ));
    }
    if spec.align == Some('=') {
        return Err(Raise::new(
            "ValueError",
            "'=' alignment not allowed in string format specifier",
        ));
    }
    let body: String = match spec.precision {
        Some(p) => value.chars().take(p).collect(),
        None => value.to_string(),
    };
    Ok(pad("", &body, &spec, '<'))
}

fn format_int(value: &BigInt, text: &str, type_name: &str) -> Result<String, Raise> {
    let spec = parse(text, type_name)?;
    let (radix, prefix, every) = match spec.kind {
        None | Some('d') | Some('n') => (10, "", 3),
        Some('b') => (2, "0b", 4),
        Some('o') => (8, "0o", 4),
        Some('x') => (16, "0x", 4),
        Some('X') => (16, "0X", 4),
        Some('c') => {
            let code = value
                .to_u32()
                .and_then(char::from_u32)
                .ok_or_else(|| Raise::new("OverflowError", "%c arg not in range(0x110000)"))?;
            return Ok(pad("", &code.to_string(), &spec, '<'));
        }
        Some('e' | 'E' | 'f' | 'F' | 'g' | 'G' | '%') => {
            let as_float = pyxray_bytecode::arith::int_to_float(value)?;
            return format_float(as_float, text, type_name);
        }
        Some(other) => {
            return Err(Raise::new(
                "ValueError",
                format!("Unknown format code '{other}' for object of type '{type_name}'"),
            ))
        }
    };
    if spec.precision.is_some() {
        return Err(Raise::new(
            "ValueError",
            "Precision not allowed in integer format specifier",
        ));
    }
    let mut digits = if radix == 10 {
        super::int_to_decimal(&value.abs())?
    } else {
        value.abs().to_str_radix(radix)
    };
    if spec.kind == Some('X') {
        digits = digits.to_uppercase();
    }
    let prefix = if spec.alternate { prefix } else { "" };
    let sign = sign_text(value.is_negative(), &spec);
    let lead = sign.len() + prefix.len();
    let body = grouped_with_zero_padding(&digits, &spec, lead, every);
    Ok(pad(&format!("{sign}{prefix}"), &body, &spec, '>'))
}

/// Digits past these are all zeros for any `f64` (its exact decimal expansion has at most 1074
/// fractional digits and 767 significant ones), so they are appended rather than computed.
const MAX_EXACT_DECIMALS: usize = 1100;
const MAX_EXACT_SIGNIFICANT: usize = 800;

/// Fixed notation as C's `%.Nf`, for any precision.
fn fixed(x: f64, decimals: usize) -> String {
    let exact = decimals.min(MAX_EXACT_DECIMALS);
    let mut text = format!("{x:.exact$}");
    text.extend(std::iter::repeat_n('0', decimals - exact));
    text
}

/// Scientific notation as C's `%e`: `d.ddde+XX`, for any precision.
fn scientific(x: f64, precision: usize, upper: bool) -> String {
    let exact = precision.min(MAX_EXACT_SIGNIFICANT);
    let text = format!("{x:.exact$e}");
    let (mantissa, exponent) = text.split_once('e').unwrap_or((&text, "0"));
    let exponent: i32 = exponent.parse().unwrap_or(0);
    let e = if upper { 'E' } else { 'e' };
    let sign = if exponent < 0 { '-' } else { '+' };
    let zeros: String = std::iter::repeat_n('0', precision - exact).collect();
    format!("{mantissa}{zeros}{e}{sign}{:02}", exponent.abs())
}

/// `%g`: fixed or scientific by the exponent, trailing zeros removed unless `alternate`.
fn general(x: f64, precision: usize, upper: bool, alternate: bool, fixed_below: i32) -> String {
    let precision = precision.max(1);
    let exponent = if x == 0.0 {
        0
    } else {
        let probe = format!("{:.*e}", (precision - 1).min(MAX_EXACT_SIGNIFICANT), x);
        probe
            .split_once('e')
            .and_then(|(_, e)| e.parse().ok())
            .unwrap_or(0)
    };
    let text = if -4 <= exponent && exponent < fixed_below {
        let decimals = (precision as i64 - 1 - i64::from(exponent)).max(0) as usize;
        fixed(x, decimals)
    } else {
        scientific(x, precision - 1, upper)
    };
    if alternate {
        return text;
    }
    // Remove trailing zeros of the fraction (before any exponent).
    let (number, exponent_part) = match text.find(['e', 'E']) {
        Some(at) => text.split_at(at),
        None => (text.as_str(), ""),
    };
    let number = if number.contains('.') {
        number.trim_end_matches('0').trim_end_matches('.')
    } else {
        number
    };
    format!("{number}{exponent_part}")
}

fn format_float(value: f64, text: &str, type_name: &str) -> Result<String, Raise> {
    let spec = parse(text, type_name)?;
    // The presentation type is checked first, so `inf` and `nan` refuse `d`, `x`, `s`, … too.
    if let Some(kind) = spec.kind.filter(|k| !"eEfFgGn%".contains(*k)) {
        return Err(Raise::new(
            "ValueError",
            format!("Unknown format code '{kind}' for object of type '{type_name}'"),
        ));
    }
    let upper = matches!(spec.kind, Some('E' | 'F' | 'G'));
    let negative =
        value.is_sign_negative() && !(spec.no_negative_zero && value == 0.0) && !value.is_nan();
    let x = value.abs();
    let mut body = if x.is_nan() || x.is_infinite() {
        let word = if x.is_nan() { "nan" } else { "inf" };
        let word = if upper {
            word.to_uppercase()
        } else {
            word.to_string()
        };
        if spec.kind == Some('%') {
            word + "%"
        } else {
            word
        }
    } else {
        match spec.kind {
            Some('f' | 'F') => fixed(x, spec.precision.unwrap_or(6)),
            Some('e' | 'E') => scientific(x, spec.precision.unwrap_or(6), upper),
            Some('%') => fixed(x * 100.0, spec.precision.unwrap_or(6)) + "%",
            // 'n' is 'g' with the locale's separators; the C locale has none.
            Some('g' | 'G' | 'n') => {
                let p = spec.precision.unwrap_or(6);
                general(
                    x,
                    p,
                    upper,
                    spec.alternate,
                    p.clamp(1, i32::MAX as usize) as i32,
                )
            }
            None => match spec.precision {
                // Like 'g', but fixed-point keeps a digit after the point.
                Some(p) => {
                    let text = general(
                        x,
                        p,
                        false,
                        spec.alternate,
                        p.clamp(1, i32::MAX as usize) as i32,
                    );
                    if text.contains(['.', 'e', 'n', 'i']) {
                        text
                    } else {
                        text + ".0"
                    }
                }
                None => float_repr(x),
            },
            Some(other) => {
                return Err(Raise::new(
                    "ValueError",
                    format!("Unknown format code '{other}' for object of type '{type_name}'"),
                ))
            }
        }
    };
    if spec.alternate
        && !body.contains('.')
        && matches!(spec.kind, Some('f' | 'F' | 'e' | 'E' | '%'))
    {
        // '#' keeps the decimal point even with no digits after it.
        let at = body.find(['e', 'E', '%']).unwrap_or(body.len());
        body.insert(at, '.');
    }
    if spec.grouping.is_some() {
        let split = body
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(body.len());
        let (integer, rest) = body.split_at(split);
        let sign_len = sign_text(negative, &spec).len();
        let grouped = grouped_with_zero_padding(integer, &spec, sign_len + rest.chars().count(), 3);
        body = format!("{grouped}{rest}");
    }
    Ok(pad(sign_text(negative, &spec), &body, &spec, '>'))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn float(x: f64, spec: &str) -> String {
        format_float(x, spec, "float").unwrap_or_else(|e| e.message)
    }

    fn int(i: i64, spec: &str) -> String {
        format_int(&BigInt::from(i), spec, "int").unwrap_or_else(|e| e.message)
    }

    /// Expected values are CPython 3.14's (3.14159 is the number the oracle formatted, not π).
    #[test]
    #[allow(clippy::approx_constant)]
    fn floats() {
        let x = 3.14159;
        assert_eq!(float(x, ".2f"), "3.14");
        assert_eq!(float(x, "10.3f"), "     3.142");
        assert_eq!(float(x, "^10.2f"), "   3.14   ");
        assert_eq!(float(x, "e"), "3.141590e+00");
        assert_eq!(float(x, ".1%"), "314.2%");
        assert_eq!(float(x, "g"), "3.14159");
        assert_eq!(float(1e-7, "g"), "1e-07");
        assert_eq!(float(123456789.0, "g"), "1.23457e+08");
        assert_eq!(float(100.0, "g"), "100");
        assert_eq!(float(x, "10.4"), "     3.142");
        assert_eq!(float(2.5, ".0f"), "2");
        assert_eq!(float(123.456, "08.2f"), "00123.46");
        assert_eq!(float(-0.0, ".1f"), "-0.0");
        assert_eq!(float(f64::INFINITY, "f"), "inf");
    }

    #[test]
    fn ints_and_strings() {
        assert_eq!(int(1234567, ","), "1,234,567");
        assert_eq!(int(1234567, "#x"), "0x12d687");
        assert_eq!(int(1234567, "010d"), "0001234567");
        assert_eq!(int(-7, "05"), "-0007");
        assert_eq!(int(42, "c"), "*");
        assert_eq!(format_str("abc", "*^9").unwrap_or_default(), "***abc***");
        assert_eq!(format_str("abc", "5.1").unwrap_or_default(), "a    ");
    }
}
