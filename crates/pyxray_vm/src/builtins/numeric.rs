//! The numeric and text-conversion built-ins: `round`, `divmod`, `pow`, `chr`, `ord`, `hex`,
//! `oct`, `bin`, `format`, and `input`.
//!
//! CPython: `Python/bltinmodule.c` (`builtin_round_impl`, `builtin_divmod_impl`,
//! `builtin_pow_impl`, `builtin_chr`, `builtin_ord`, `builtin_hex`, `builtin_format_impl`,
//! `builtin_input_impl`), `Objects/longobject.c` (`long_round`, `long_pow` with a modulus),
//! `Objects/floatobject.c` (`float___round___impl`, `double_round`).

use num_bigint::BigInt;
use num_integer::Integer;
use num_traits::{Signed, ToPrimitive, Zero};

use super::{exactly_one, Builtin, Keywords};
use crate::heap::ObjId;
use crate::methods::{as_index, take_keywords};
use crate::objects::{format_value, memory_error, str_of, Object, Raise};
use crate::vm::{Fault, Vm};

/// Positional-or-keyword parameters: each parameter's value, by position or by name.
fn bind<const N: usize>(
    function: &str,
    names: [&str; N],
    required: usize,
    args: &[ObjId],
    keywords: Keywords,
) -> Result<[Option<ObjId>; N], Raise> {
    if args.len() + keywords.len() > N {
        return Err(Raise::new(
            "TypeError",
            format!(
                "{function}() takes at most {N} arguments ({} given)",
                args.len() + keywords.len()
            ),
        ));
    }
    let mut bound = [None; N];
    for (slot, &arg) in bound.iter_mut().zip(args) {
        *slot = Some(arg);
    }
    for (name, value) in take_keywords(function, keywords, &names)? {
        let position = names.iter().position(|n| *n == name).unwrap_or(0);
        if bound[position].is_some() {
            return Err(Raise::new(
                "TypeError",
                format!(
                    "argument for {function}() given by name ('{name}') and position ({})",
                    position + 1
                ),
            ));
        }
        bound[position] = Some(value);
    }
    for (position, name) in names.iter().enumerate().take(required) {
        if bound[position].is_none() {
            return Err(Raise::new(
                "TypeError",
                format!(
                    "{function}() missing required argument '{name}' (pos {})",
                    position + 1
                ),
            ));
        }
    }
    Ok(bound)
}

/// An int rounded to a multiple of `10**-ndigits` (`ndigits < 0`), halves to even.
fn round_int(value: &BigInt, ndigits: &BigInt) -> BigInt {
    let Some(places) = (-ndigits).to_u32() else {
        return value.clone();
    };
    if places > 4300 {
        return BigInt::zero();
    }
    let unit = BigInt::from(10).pow(places);
    let (quotient, remainder) = value.div_mod_floor(&unit);
    let twice = &remainder * 2;
    let up = twice > unit || (twice == unit && quotient.is_odd());
    (quotient + if up { 1 } else { 0 }) * unit
}

/// `double_round`: `x` rounded to `ndigits` decimal places, correctly (the decimal text of
/// the exact binary value, rounded half to even, read back).
fn round_float(x: f64, ndigits: i64) -> f64 {
    if !x.is_finite() || x == 0.0 {
        return x;
    }
    if ndigits > 323 {
        return x;
    }
    if ndigits < -308 {
        return 0.0 * x;
    }
    if ndigits >= 0 {
        let text = format!("{x:.*}", ndigits as usize);
        return text.parse().unwrap_or(x);
    }
    let unit = 10f64.powi((-ndigits) as i32);
    let rounded = (x / unit).round_ties_even() * unit;
    if rounded.is_finite() {
        rounded
    } else {
        x
    }
}

impl Vm {
    /// `round(number, ndigits=None)`.
    pub(super) fn builtin_round(
        &mut self,
        args: &[ObjId],
        keywords: Keywords,
    ) -> Result<ObjId, Fault> {
        let [number, ndigits] = bind("round", ["number", "ndigits"], 1, args, keywords)?;
        let number = number.unwrap_or(self.none);
        let ndigits = match ndigits {
            Some(id) if !matches!(self.heap.get(id), Some(Object::None)) => {
                Some(as_index(self, id)?)
            }
            _ => None,
        };
        let result = match (self.heap.get(number), ndigits) {
            (Some(Object::Int(i)), None) => Object::Int(i.clone()),
            (Some(Object::Bool(b)), None) => Object::Int(BigInt::from(*b as u8)),
            (Some(Object::Int(i)), Some(n)) => Object::Int(round_int(i, &n)),
            (Some(Object::Bool(b)), Some(n)) => Object::Int(round_int(&BigInt::from(*b as u8), &n)),
            (Some(Object::Float(x)), None) => {
                let x = *x;
                if x.is_nan() {
                    return Err(
                        Raise::new("ValueError", "cannot convert float NaN to integer").into(),
                    );
                }
                if x.is_infinite() {
                    return Err(Raise::new(
                        "OverflowError",
                        "cannot convert float infinity to integer",
                    )
                    .into());
                }
                Object::Int(float_to_int(x.round_ties_even()))
            }
            (Some(Object::Float(x)), Some(n)) => {
                let places =
                    n.to_i64()
                        .unwrap_or(if n.is_negative() { i64::MIN } else { i64::MAX });
                Object::Float(round_float(*x, places))
            }
            (other, _) => {
                return Err(Raise::new(
                    "TypeError",
                    format!(
                        "type {} doesn't define __round__ method",
                        other.map_or("object", Object::type_name)
                    ),
                )
                .into())
            }
        };
        self.new_result(result)
    }

    /// `divmod(a, b)`: `(a // b, a % b)`.
    pub(super) fn builtin_divmod(
        &mut self,
        args: &[ObjId],
        keywords: Keywords,
    ) -> Result<ObjId, Fault> {
        if !keywords.is_empty() {
            return Err(Raise::new("TypeError", "divmod() takes no keyword arguments").into());
        }
        if args.len() != 2 {
            return Err(Raise::new(
                "TypeError",
                format!("divmod expected 2 arguments, got {}", args.len()),
            )
            .into());
        }
        let numeric = |object: Option<&Object>| {
            matches!(
                object,
                Some(Object::Int(_) | Object::Bool(_) | Object::Float(_))
            )
        };
        let (left, right) = (self.heap.get(args[0]), self.heap.get(args[1]));
        if !numeric(left) || !numeric(right) {
            return Err(Raise::new(
                "TypeError",
                format!(
                    "unsupported operand type(s) for divmod(): '{}' and '{}'",
                    left.map_or("object", Object::type_name),
                    right.map_or("object", Object::type_name)
                ),
            )
            .into());
        }
        const FLOOR_DIVIDE: u32 = 2;
        const REMAINDER: u32 = 6;
        let quotient = self.binary_op(FLOOR_DIVIDE, args[0], args[1])?;
        let remainder = match self.binary_op(REMAINDER, args[0], args[1]) {
            Ok(remainder) => remainder,
            Err(fault) => {
                self.heap.decref(quotient);
                return Err(fault);
            }
        };
        self.new_result(Object::Tuple(vec![quotient, remainder]))
    }

    /// `pow(base, exp, mod=None)`.
    pub(super) fn builtin_pow(
        &mut self,
        args: &[ObjId],
        keywords: Keywords,
    ) -> Result<ObjId, Fault> {
        let [base, exponent, modulus] = bind("pow", ["base", "exp", "mod"], 2, args, keywords)?;
        let (base, exponent) = (base.unwrap_or(self.none), exponent.unwrap_or(self.none));
        let modulus = modulus.filter(|&id| !matches!(self.heap.get(id), Some(Object::None)));
        let Some(modulus) = modulus else {
            const POWER: u32 = 8;
            return self.binary_op(POWER, base, exponent);
        };
        let int_of = |object: Option<&Object>| match object {
            Some(Object::Int(i)) => Some(i.clone()),
            Some(Object::Bool(b)) => Some(BigInt::from(*b as u8)),
            _ => None,
        };
        let (Some(b), Some(e), Some(m)) = (
            int_of(self.heap.get(base)),
            int_of(self.heap.get(exponent)),
            int_of(self.heap.get(modulus)),
        ) else {
            return Err(Raise::new(
                "TypeError",
                "pow() 3rd argument not allowed unless all arguments are integers",
            )
            .into());
        };
        if m.is_zero() {
            return Err(Raise::new("ValueError", "pow() 3rd argument cannot be 0").into());
        }
        let result = if e.is_negative() {
            let Some(inverse) = mod_inverse(&b, &m) else {
                return Err(Raise::new(
                    "ValueError",
                    "base is not invertible for the given modulus",
                )
                .into());
            };
            inverse.modpow(&-e, &m)
        } else {
            b.modpow(&e, &m)
        };
        Ok(self.new_int(result))
    }

    /// `format(value, format_spec='')`.
    pub(super) fn builtin_format(
        &mut self,
        args: &[ObjId],
        keywords: Keywords,
    ) -> Result<ObjId, Fault> {
        if !keywords.is_empty() {
            return Err(Raise::new("TypeError", "format() takes no keyword arguments").into());
        }
        if args.is_empty() || args.len() > 2 {
            let bound = if args.is_empty() {
                "least 1 argument"
            } else {
                "most 2 arguments"
            };
            return Err(Raise::new(
                "TypeError",
                format!("format expected at {bound}, got {}", args.len()),
            )
            .into());
        }
        let spec = match args.get(1).map(|&id| self.heap.get(id)) {
            None => String::new(),
            Some(Some(Object::Str(s))) => s.clone(),
            Some(other) => {
                return Err(Raise::new(
                    "TypeError",
                    format!(
                        "format() argument 2 must be str, not {}",
                        other.map_or("object", Object::type_name)
                    ),
                )
                .into())
            }
        };
        let text = self.format_object(args[0], &spec)?;
        Ok(self.new_str(text))
    }

    /// `format(value, spec)` as text (`PyObject_Format`).
    pub(crate) fn format_object(&self, value: ObjId, spec: &str) -> Result<String, Raise> {
        let Some(object) = self.heap.get(value) else {
            return Err(Raise::new("SystemError", "formatted a freed object"));
        };
        let room = self.heap.byte_limit().saturating_sub(self.heap.bytes());
        format_value(object, spec, || str_of(&self.heap, value), room)
    }

    /// `input(prompt='')`: writes the prompt, then reads a line of standard input. A run has
    /// no standard input, so the read finds its end at once, as CPython does with an empty
    /// stdin.
    pub(super) fn builtin_input(
        &mut self,
        args: &[ObjId],
        keywords: Keywords,
    ) -> Result<ObjId, Fault> {
        if !keywords.is_empty() {
            return Err(Raise::new("TypeError", "input() takes no keyword arguments").into());
        }
        if args.len() > 1 {
            return Err(Raise::new(
                "TypeError",
                format!("input expected at most 1 argument, got {}", args.len()),
            )
            .into());
        }
        if let Some(&prompt) = args.first() {
            let text = str_of(&self.heap, prompt)?;
            self.write_output(&text)?;
        }
        Err(Raise::new("EOFError", "EOF when reading a line").into())
    }

    /// `chr(i)`.
    pub(super) fn builtin_chr(
        &mut self,
        args: &[ObjId],
        keywords: Keywords,
    ) -> Result<ObjId, Fault> {
        let arg = exactly_one("chr", args, keywords)?;
        let code = as_index(self, arg)?;
        let out_of_range = || Raise::new("ValueError", "chr() arg not in range(0x110000)");
        let code = code
            .to_u32()
            .filter(|&c| c < 0x110000)
            .ok_or_else(out_of_range)?;
        match char::from_u32(code) {
            Some(c) => self.new_result(Object::Str(c.to_string())),
            // A lone surrogate has no place in a Rust string.
            None => Err(Fault::Internal(format!(
                "not supported yet: the lone surrogate U+{code:04X} in a str"
            ))),
        }
    }

    /// `ord(c)`.
    pub(super) fn builtin_ord(
        &mut self,
        args: &[ObjId],
        keywords: Keywords,
    ) -> Result<ObjId, Raise> {
        let arg = exactly_one("ord", args, keywords)?;
        let (code, length, kind) = match self.heap.get(arg) {
            Some(Object::Str(s)) => {
                let mut chars = s.chars();
                match (chars.next(), chars.next()) {
                    (Some(c), None) => (Some(c as u32), 1, "string"),
                    _ => (None, s.chars().count(), "string"),
                }
            }
            // CPython says "string" for bytes too.
            Some(Object::Bytes(b)) => match b.as_slice() {
                [byte] => (Some(u32::from(*byte)), 1, "string"),
                _ => (None, b.len(), "string"),
            },
            other => {
                return Err(Raise::new(
                    "TypeError",
                    format!(
                        "ord() expected string of length 1, but {} found",
                        other.map_or("object", Object::type_name)
                    ),
                ))
            }
        };
        match code {
            Some(code) => Ok(self.new_int(code.into())),
            None => Err(Raise::new(
                "TypeError",
                format!("ord() expected a character, but {kind} of length {length} found"),
            )),
        }
    }

    /// `hex(i)`, `oct(i)`, `bin(i)`.
    pub(super) fn builtin_int_text(
        &mut self,
        builtin: Builtin,
        args: &[ObjId],
        keywords: Keywords,
    ) -> Result<ObjId, Raise> {
        let arg = exactly_one(builtin.name(), args, keywords)?;
        let value = as_index(self, arg)?;
        let (radix, prefix) = match builtin {
            Builtin::Hex => (16, "0x"),
            Builtin::Oct => (8, "0o"),
            _ => (2, "0b"),
        };
        let bits = value.bits() as usize;
        if !self.heap.can_allocate(bits + 4) {
            return Err(memory_error());
        }
        let sign = if value.is_negative() { "-" } else { "" };
        let digits = value.abs().to_str_radix(radix);
        Ok(self.new_str(format!("{sign}{prefix}{digits}")))
    }
}

/// The int nearest `x` (already integral and finite).
fn float_to_int(x: f64) -> BigInt {
    num_bigint::BigInt::from_biguint(
        if x < 0.0 {
            num_bigint::Sign::Minus
        } else {
            num_bigint::Sign::Plus
        },
        float_magnitude(x.abs()),
    )
}

/// `|x|` as an unsigned big int, exactly (x integral).
fn float_magnitude(x: f64) -> num_bigint::BigUint {
    let bits = x.to_bits();
    let exponent = ((bits >> 52) & 0x7ff) as i64;
    let mantissa = if exponent == 0 {
        (bits & ((1 << 52) - 1)) << 1
    } else {
        (bits & ((1 << 52) - 1)) | (1 << 52)
    };
    let shift = exponent - 1075;
    let mantissa = num_bigint::BigUint::from(mantissa);
    if shift >= 0 {
        mantissa << shift as usize
    } else {
        mantissa >> (-shift) as usize
    }
}

/// The inverse of `a` modulo `m`, if they are coprime (extended Euclid).
fn mod_inverse(a: &BigInt, m: &BigInt) -> Option<BigInt> {
    let modulus = m.abs();
    let (mut old_r, mut r) = (a.mod_floor(&modulus), modulus.clone());
    let (mut old_s, mut s) = (BigInt::from(1), BigInt::zero());
    while !r.is_zero() {
        let q = &old_r / &r;
        (old_r, r) = (r.clone(), &old_r - &q * &r);
        (old_s, s) = (s.clone(), &old_s - &q * &s);
    }
    if old_r != BigInt::from(1) {
        return None;
    }
    let inverse = old_s.mod_floor(&modulus);
    Some(if m.is_negative() {
        inverse - modulus
    } else {
        inverse
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rounds_floats_from_their_exact_value() {
        assert_eq!(round_float(2.675, 2), 2.67);
        assert_eq!(round_float(0.125, 2), 0.12);
        assert_eq!(round_float(1234.5, -2), 1200.0);
        assert_eq!(
            round_int(&BigInt::from(250), &BigInt::from(-2)),
            BigInt::from(200)
        );
        assert_eq!(
            round_int(&BigInt::from(350), &BigInt::from(-2)),
            BigInt::from(400)
        );
        assert_eq!(float_to_int(-3.0), BigInt::from(-3));
        assert_eq!(float_to_int(1e20), "100000000000000000000".parse().unwrap());
    }

    #[test]
    fn modular_inverse() {
        assert_eq!(
            mod_inverse(&BigInt::from(3), &BigInt::from(7)),
            Some(BigInt::from(5))
        );
        assert_eq!(mod_inverse(&BigInt::from(2), &BigInt::from(4)), None);
    }
}
