//! Literals and format specifications, chosen to hit the places where interpreters go wrong:
//! values at 2**31, 2**53, 2**63 and 2**64, big ints, negative zero, subnormal and huge
//! floats, inf, float repr corner cases, escapes and non-ASCII text.
//!
//! CPython: the values probe `Objects/longobject.c`, `Objects/floatobject.c` (`float_repr`,
//! `Python/dtoa.c`), `Objects/unicodeobject.c` and `Python/formatter_unicode.c`.

use crate::rng::Rng;

const INT_EDGES: &[&str] = &[
    "0",
    "1",
    "-1",
    "2",
    "3",
    "7",
    "10",
    "-7",
    "127",
    "128",
    "255",
    "256",
    "1000",
    "2147483647",
    "2147483648",
    "-2147483648",
    "4294967296",
    "9007199254740992",
    "9007199254740993",
    "9223372036854775807",
    "9223372036854775808",
    "-9223372036854775808",
    "18446744073709551616",
    "1000000000000000000",
    "0xff",
    "0o17",
    "0b1011",
    "1_000_000",
    "0x7fffffffffffffff",
    "0",
    "00",
];

const FLOAT_EDGES: &[&str] = &[
    "0.0",
    "-0.0",
    "0.1",
    "0.5",
    "1.5",
    "2.5",
    "-2.5",
    "3.14159",
    "1e16",
    "1e-7",
    "1e22",
    "1e23",
    "123456789.125",
    "5e-324",
    "2.2250738585072014e-308",
    "1.7976931348623157e308",
    "1e309",
    "9007199254740993.0",
    "0.30000000000000004",
    "1e100",
    "-1e-100",
    "100.0",
    "1_000.5",
    ".5",
    "5.",
    "1E5",
    "1e15",
    "0.001",
    "0.0001",
    "1e-05",
    "12345.678",
];

const STR_LITERALS: &[&str] = &[
    "''",
    "'a'",
    "'abc'",
    "\"it's\"",
    "'\\n'",
    "'tab\\there'",
    "'é'",
    "'ü€'",
    "'\\x00'",
    "'\\u00e9'",
    "'a b'",
    "'10'",
    "'-3.5'",
    "'ABC'",
    "'\\\\'",
    "'\"'",
    "'𝄞'",
    "'\\x7f'",
    "'Ab1'",
    "'  '",
    "'\\r'",
    "'x' 'y'",
];

const BYTES_LITERALS: &[&str] = &[
    "b''",
    "b'a'",
    "b'abc'",
    "b'\\x00\\xff'",
    "b'\\n'",
    "b\"'\"",
    "b'\\\\'",
    "b'AZ'",
];

/// An int literal (without `bigints`, within 64 bits).
pub fn int(rng: &mut Rng, bigints: bool) -> String {
    match rng.weighted(&[
        30,
        20,
        30,
        if bigints { 12 } else { 0 },
        if bigints { 1 } else { 0 },
    ]) {
        0 => rng.range(-10, 10).to_string(),
        1 => rng.range(-1000, 1000).to_string(),
        2 => rng.pick(INT_EDGES).to_string(),
        3 => digits(rng, 19, 45),
        _ => digits(rng, 200, 500),
    }
}

/// A positive int literal of `low..=high` digits, sometimes negated.
fn digits(rng: &mut Rng, low: i64, high: i64) -> String {
    let count = rng.range(low, high) as usize;
    let mut text = String::new();
    if rng.chance(30) {
        text.push('-');
    }
    text.push(char::from(b'1' + rng.below(9) as u8));
    for _ in 1..count {
        text.push(char::from(b'0' + rng.below(10) as u8));
    }
    text
}

/// A small int literal in `low..=high`.
pub fn small(rng: &mut Rng, low: i64, high: i64) -> String {
    rng.range(low, high).to_string()
}

pub fn float(rng: &mut Rng) -> String {
    if rng.chance(60) {
        return rng.pick(FLOAT_EDGES).to_string();
    }
    // Random digits and exponent.
    let whole = rng.range(0, 99999);
    let fraction = rng.range(0, 9999);
    let sign = if rng.chance(30) { "-" } else { "" };
    match rng.below(3) {
        0 => format!("{sign}{whole}.{fraction}"),
        1 => format!("{sign}{whole}.{fraction}e{}", rng.range(-30, 30)),
        _ => format!("{sign}{}.{fraction}e{}", whole % 10, rng.range(-320, 310)),
    }
}

pub fn imaginary(rng: &mut Rng) -> String {
    rng.pick(&[
        "1j", "0j", "2.5j", "1e309j", "1.5e-3j", "3j", "0.1j", "100j",
    ])
    .to_string()
}

pub fn string(rng: &mut Rng) -> String {
    if rng.chance(70) {
        return rng.pick(STR_LITERALS).to_string();
    }
    let length = rng.range(1, 6);
    let word: String = (0..length)
        .map(|_| char::from(b'a' + rng.below(26) as u8))
        .collect();
    format!("'{word}'")
}

pub fn bytes(rng: &mut Rng) -> String {
    rng.pick(BYTES_LITERALS).to_string()
}

/// Text between f-string fields (unescaped; rendering escapes it).
pub fn fstring_text(rng: &mut Rng) -> String {
    rng.pick(&[
        "", "x=", " ", "-", "{", "}", "\"", "\\", "é", "\n", "abc", ": ", "%",
    ])
    .to_string()
}

pub const INT_SPECS: &[&str] = &[
    ">5", "<5", "^7", "05", "+", "-", " ", ",", "_", "x", "X", "#x", "o", "#o", "b", "#b", "e",
    ".2f", "%", "=+8", "*^9", "d", ",d", "10,", "+,", "08_b", "#010x", "g", ".3", "-^+7",
];

pub const FLOAT_SPECS: &[&str] = &[
    ".2f", ".0f", ".3e", "e", "E", "g", "G", ".10g", "%", ".1%", "+.1f", ",.2f", "10.3", "<10",
    "^12.4", "_.3f", "010.2f", "#.0f", "-", " ", ".20f", ".17g", "F", "z.1f", "+e", ".0e", "#g",
    ".1", "012,.1f", "r",
];

pub const STR_SPECS: &[&str] = &[
    ">10", "<5", "^9", ".2", "*^9", "10.3", "s", "-<6", ">1", "0>4", "=^3", "d",
];

pub const COMPLEX_SPECS: &[&str] = &[".2f", ">20", "g", "+.3e", "^30", "", "=10"];
