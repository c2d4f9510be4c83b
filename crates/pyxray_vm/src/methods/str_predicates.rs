//! The `str` character predicates: `isdigit`, `isalpha`, `isspace`, `isupper`, ….
//!
//! CPython: `Objects/unicodeobject.c` (`unicode_isdigit_impl` and its siblings),
//! `Objects/unicodectype.c` (`_PyUnicode_IsDecimalDigit`, `_PyUnicode_IsPrintable`, …). The
//! predicates use Rust's Unicode tables, which agree with CPython's for the characters
//! programs commonly meet: `isdigit` and `isdecimal` know ASCII and a few common digit sets,
//! `isidentifier` approximates XID_Start/XID_Continue with alphabetic/alphanumeric, and
//! `isprintable` knows the control, separator and common format characters.

use super::expect_args;
use super::str::{is_cased, is_space, is_titlecase, text_of};
use crate::builtins::Keywords;
use crate::heap::ObjId;
use crate::vm::{Fault, Vm};

/// A character predicate method: true when the text is non-empty and `all` holds.
macro_rules! predicate {
    ($name:ident, $qualified:literal, $test:expr) => {
        pub(super) fn $name(
            vm: &mut Vm,
            s: ObjId,
            args: &[ObjId],
            keywords: Keywords,
        ) -> Result<ObjId, Fault> {
            expect_args($qualified, args, keywords, 0, 0)?;
            let text = text_of(vm, s);
            let test: fn(&str) -> bool = $test;
            Ok(vm.new_bool(test(&text)))
        }
    };
}

/// `Py_UNICODE_ISDECIMAL` for ASCII and the common digit sets.
fn is_decimal(c: char) -> bool {
    c.is_ascii_digit()
        || matches!(c as u32,
            0x0660..=0x0669 | 0x06F0..=0x06F9 | 0x0966..=0x096F | 0x09E6..=0x09EF | 0xFF10..=0xFF19)
}

/// `Py_UNICODE_ISDIGIT`: decimals, superscripts, subscripts and circled digits.
fn is_digit(c: char) -> bool {
    is_decimal(c)
        || matches!(c as u32, 0xB2 | 0xB3 | 0xB9 | 0x2070 | 0x2074..=0x2079 | 0x2080..=0x2089 | 0x2460..=0x2468)
}

predicate!(isdecimal, "str.isdecimal", |t| !t.is_empty()
    && t.chars().all(is_decimal));
predicate!(isdigit, "str.isdigit", |t| !t.is_empty()
    && t.chars().all(is_digit));
predicate!(isnumeric, "str.isnumeric", |t| !t.is_empty()
    && t.chars().all(char::is_numeric));
// Letter numbers (`Ⅻ`) are alphabetic to Rust but not letters to Python.
predicate!(isalpha, "str.isalpha", |t| {
    !t.is_empty() && t.chars().all(|c| c.is_alphabetic() && !c.is_numeric())
});
predicate!(isalnum, "str.isalnum", |t| {
    !t.is_empty() && t.chars().all(|c| c.is_alphabetic() || c.is_numeric())
});
predicate!(isspace, "str.isspace", |t| !t.is_empty()
    && t.chars().all(is_space));
predicate!(isascii, "str.isascii", |t| t.is_ascii());
// A titlecase character is neither upper nor lower case to Python.
predicate!(isupper, "str.isupper", |t| {
    t.chars().any(is_cased) && !t.chars().any(|c| c.is_lowercase() || is_titlecase(c))
});
predicate!(islower, "str.islower", |t| {
    t.chars().any(is_cased) && !t.chars().any(|c| c.is_uppercase() || is_titlecase(c))
});
predicate!(istitle, "str.istitle", |t| {
    let mut previous_cased = false;
    let mut any_cased = false;
    for c in t.chars() {
        if c.is_uppercase() || is_titlecase(c) {
            if previous_cased {
                return false;
            }
            previous_cased = true;
            any_cased = true;
        } else if c.is_lowercase() {
            if !previous_cased {
                return false;
            }
            previous_cased = true;
            any_cased = true;
        } else {
            previous_cased = false;
        }
    }
    any_cased
});
predicate!(isidentifier, "str.isidentifier", |t| {
    let mut chars = t.chars();
    chars.next().is_some_and(|c| c == '_' || c.is_alphabetic())
        && chars.all(|c| c == '_' || c.is_alphanumeric())
});

/// `Py_UNICODE_ISPRINTABLE`: not a control, separator (but space) or format character.
fn is_printable(c: char) -> bool {
    c == ' '
        || !(c.is_control()
            || c.is_whitespace()
            || matches!(c as u32, 0xAD | 0x600..=0x605 | 0x200B..=0x200F | 0x2028..=0x202E | 0x2060..=0x2064 | 0xFEFF))
}

predicate!(isprintable, "str.isprintable", |t| t
    .chars()
    .all(is_printable));
