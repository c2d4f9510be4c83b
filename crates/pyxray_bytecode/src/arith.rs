//! Python's arithmetic on `int` and `float`: floor division and modulo that round toward
//! negative infinity, powers, shifts, and int → float conversion, with CPython's error messages.
//! Shared by the compiler's constant folding and the VM, as CPython's compiler and evaluator
//! share `Objects/longobject.c` and `Objects/floatobject.c`.
//!
//! CPython: `Objects/longobject.c` (`l_divmod`, `long_pow`, `long_lshift`, `long_true_divide`),
//! `Objects/floatobject.c` (`float_floor_div`, `float_rem`, `float_pow`).

use num_bigint::BigInt;
use num_integer::Integer;
use num_traits::{One, Signed, ToPrimitive, Zero};

/// An arithmetic error, named by the Python exception it raises.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ArithError {
    ZeroDivision(&'static str),
    Value(&'static str),
    Overflow(&'static str),
}

impl ArithError {
    pub fn exception_name(&self) -> &'static str {
        match self {
            ArithError::ZeroDivision(_) => "ZeroDivisionError",
            ArithError::Value(_) => "ValueError",
            ArithError::Overflow(_) => "OverflowError",
        }
    }

    pub fn message(&self) -> &'static str {
        match self {
            ArithError::ZeroDivision(m) | ArithError::Value(m) | ArithError::Overflow(m) => m,
        }
    }
}

pub type ArithResult<T> = Result<T, ArithError>;

const DIVISION_BY_ZERO: ArithError = ArithError::ZeroDivision("division by zero");

/// `float(i)`, refusing ints beyond the float range.
pub fn int_to_float(i: &BigInt) -> ArithResult<f64> {
    match i.to_f64() {
        Some(x) if x.is_finite() => Ok(x),
        _ => Err(ArithError::Overflow("int too large to convert to float")),
    }
}

/// `a // b` for ints: the quotient rounded toward negative infinity.
pub fn int_floordiv(a: &BigInt, b: &BigInt) -> ArithResult<BigInt> {
    if b.is_zero() {
        return Err(DIVISION_BY_ZERO);
    }
    Ok(a.div_floor(b))
}

/// `a % b` for ints: the remainder has the sign of `b`.
pub fn int_mod(a: &BigInt, b: &BigInt) -> ArithResult<BigInt> {
    if b.is_zero() {
        return Err(DIVISION_BY_ZERO);
    }
    Ok(a.mod_floor(b))
}

/// `a / b` for ints: true division, a float.
pub fn int_truediv(a: &BigInt, b: &BigInt) -> ArithResult<f64> {
    if b.is_zero() {
        return Err(DIVISION_BY_ZERO);
    }
    let negative = a.is_negative() != b.is_negative();
    let sign = |x: f64| if negative { -x } else { x };
    let (n, d) = (a.magnitude(), b.magnitude());
    if n.is_zero() {
        return Ok(sign(0.0));
    }
    // Exact in f64 when both fit in 53 bits, so one division rounds correctly.
    if n.bits() <= 53 && d.bits() <= 53 {
        let (x, y) = (n.to_f64().unwrap_or(0.0), d.to_f64().unwrap_or(1.0));
        return Ok(sign(x / y));
    }
    // Otherwise (long_true_divide): scale so that the integer quotient has 55 or 56 bits, and
    // fold a nonzero remainder into its lowest bit ("round to odd"); converting that to f64
    // then rounds exactly as the true quotient would.
    let shift = n.bits() as i64 - d.bits() as i64 - 55;
    let (scaled_n, scaled_d) = if shift > 0 {
        (n.clone(), d << shift as usize)
    } else {
        (n << (-shift) as usize, d.clone())
    };
    let (quotient, remainder) = scaled_n.div_rem(&scaled_d);
    let quotient = if remainder.is_zero() {
        quotient
    } else {
        quotient | num_bigint::BigUint::from(1u8)
    };
    let mantissa = quotient.to_f64().unwrap_or(f64::INFINITY);
    // mantissa · 2**shift, in two halves so that neither power overflows on its own.
    let half = (shift / 2) as i32;
    let result = mantissa * 2f64.powi(half) * 2f64.powi(shift as i32 - half);
    if result.is_finite() {
        Ok(sign(result))
    } else {
        Err(ArithError::Overflow(
            "integer division result too large for a float",
        ))
    }
}

/// The result of `int ** int`: an int, or a float for negative exponents.
#[derive(Clone, Debug, PartialEq)]
pub enum IntPower {
    Int(BigInt),
    Float(f64),
}

/// `a ** b` for ints.
pub fn int_pow(a: &BigInt, b: &BigInt) -> ArithResult<IntPower> {
    if b.is_negative() {
        if a.is_zero() {
            return Err(ArithError::ZeroDivision("zero to a negative power"));
        }
        return float_pow(int_to_float(a)?, int_to_float(b)?).map(|p| match p {
            FloatPower::Real(x) => IntPower::Float(x),
            FloatPower::Complex(x, _) => IntPower::Float(x),
        });
    }
    if a.is_zero() || a.is_one() {
        return Ok(IntPower::Int(if b.is_zero() {
            BigInt::one()
        } else {
            a.clone()
        }));
    }
    if *a == BigInt::from(-1) {
        let odd = b.is_odd();
        return Ok(IntPower::Int(if odd { a.clone() } else { BigInt::one() }));
    }
    let exponent = b
        .to_u32()
        .ok_or(ArithError::Overflow("exponent too large"))?;
    Ok(IntPower::Int(num_traits::pow::pow(
        a.clone(),
        exponent as usize,
    )))
}

/// `a << b` for ints.
pub fn int_lshift(a: &BigInt, b: &BigInt) -> ArithResult<BigInt> {
    if b.is_negative() {
        return Err(ArithError::Value("negative shift count"));
    }
    if a.is_zero() {
        return Ok(BigInt::zero());
    }
    let shift = b
        .to_usize()
        .ok_or(ArithError::Overflow("too many digits in integer"))?;
    Ok(a << shift)
}

/// `a >> b` for ints (an arithmetic shift: rounds toward negative infinity).
pub fn int_rshift(a: &BigInt, b: &BigInt) -> ArithResult<BigInt> {
    if b.is_negative() {
        return Err(ArithError::Value("negative shift count"));
    }
    match b.to_usize() {
        Some(shift) => Ok(a >> shift),
        None => Ok(if a.is_negative() {
            BigInt::from(-1)
        } else {
            BigInt::zero()
        }),
    }
}

/// `a / b` for floats.
pub fn float_truediv(a: f64, b: f64) -> ArithResult<f64> {
    if b == 0.0 {
        return Err(DIVISION_BY_ZERO);
    }
    Ok(a / b)
}

/// `divmod(a, b)` for floats (`float_divmod`): floor quotient and remainder with the sign of `b`.
pub fn float_divmod(a: f64, b: f64) -> ArithResult<(f64, f64)> {
    if b == 0.0 {
        return Err(DIVISION_BY_ZERO);
    }
    let mut remainder = a % b;
    let mut div = (a - remainder) / b;
    if remainder != 0.0 {
        if (b < 0.0) != (remainder < 0.0) {
            remainder += b;
            div -= 1.0;
        }
    } else {
        remainder = 0.0_f64.copysign(b);
    }
    let floor_div = if div != 0.0 {
        let mut floor = div.floor();
        if div - floor > 0.5 {
            floor += 1.0;
        }
        floor
    } else {
        0.0_f64.copysign(a / b)
    };
    Ok((floor_div, remainder))
}

/// The result of `float ** float`: real, or complex for a negative base and fractional exponent.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum FloatPower {
    Real(f64),
    Complex(f64, f64),
}

/// `a ** b` for floats, sorting out the special cases before calling `pow` as CPython does:
/// infinities and NaNs, `0.0 ** negative`, and a negative base to a fractional power, which is
/// complex (`(-8.0) ** 0.5`). `(-inf) ** 0.5` is `inf`, not complex.
pub fn float_pow(a: f64, b: f64) -> ArithResult<FloatPower> {
    let real = |x: f64| Ok(FloatPower::Real(x));
    let is_odd_integer = |x: f64| x.is_finite() && x.floor() == x && (x % 2.0).abs() == 1.0;
    if b == 0.0 {
        return real(1.0);
    }
    if a.is_nan() {
        return real(a);
    }
    if b.is_nan() {
        return real(if a == 1.0 { 1.0 } else { b });
    }
    if b.is_infinite() {
        // v**inf is 0 if |v| < 1, 1 if |v| == 1, inf if |v| > 1; v**-inf the other way round.
        let magnitude = a.abs();
        if magnitude == 1.0 {
            return real(1.0);
        }
        return real(if (b > 0.0) == (magnitude > 1.0) {
            f64::INFINITY
        } else {
            0.0
        });
    }
    if a.is_infinite() {
        // (±inf)**w is inf for w > 0 and 0 for w < 0, with a's sign when w is an odd integer.
        let odd = is_odd_integer(b);
        return real(if b > 0.0 {
            if odd {
                a
            } else {
                a.abs()
            }
        } else if odd {
            0.0f64.copysign(a)
        } else {
            0.0
        });
    }
    if a == 0.0 {
        if b < 0.0 {
            return Err(ArithError::ZeroDivision("zero to a negative power"));
        }
        return real(if is_odd_integer(b) { a } else { 0.0 });
    }
    let mut base = a;
    let mut negate = false;
    if a < 0.0 {
        if b != b.floor() {
            // A negative number to a fractional power is complex (complexobject.c `_Py_c_pow`).
            let magnitude = (-a).powf(b);
            let angle = std::f64::consts::PI * b;
            return Ok(FloatPower::Complex(
                magnitude * angle.cos(),
                magnitude * angle.sin(),
            ));
        }
        base = -a;
        negate = is_odd_integer(b);
    }
    if base == 1.0 {
        return real(if negate { -1.0 } else { 1.0 });
    }
    let result = base.powf(b);
    if result.is_infinite() {
        return Err(ArithError::Overflow(
            "(34, 'Numerical result out of range')",
        ));
    }
    real(if negate { -result } else { result })
}

/// Compares an int with a float exactly, as `float_richcompare` does: `2**53 + 1 > 2.0**53`,
/// and an int of any size is below `inf`. `None` when `f` is a NaN (every comparison is false).
pub fn compare_int_float(i: &BigInt, f: f64) -> Option<std::cmp::Ordering> {
    use std::cmp::Ordering;
    if f.is_nan() {
        return None;
    }
    if f.is_infinite() {
        return Some(if f > 0.0 {
            Ordering::Less
        } else {
            Ordering::Greater
        });
    }
    // A finite float is an exact rational; compare against its integer part first.
    let whole = f.trunc();
    let whole_int = float_to_exact_int(whole);
    match i.cmp(&whole_int) {
        Ordering::Equal => {
            let fraction = f - whole;
            Some(if fraction > 0.0 {
                Ordering::Less
            } else if fraction < 0.0 {
                Ordering::Greater
            } else {
                Ordering::Equal
            })
        }
        other => Some(other),
    }
}

/// The exact int value of a finite float with no fractional part.
pub fn float_to_exact_int(f: f64) -> BigInt {
    let bits = f.to_bits();
    let negative = bits >> 63 == 1;
    let exponent = ((bits >> 52) & 0x7ff) as i64;
    let fraction = bits & ((1u64 << 52) - 1);
    let (mantissa, shift) = if exponent == 0 {
        (fraction, -1074)
    } else {
        (fraction | (1u64 << 52), exponent - 1075)
    };
    let magnitude = if shift >= 0 {
        BigInt::from(mantissa) << shift as usize
    } else {
        BigInt::from(mantissa >> (-shift).min(63) as u32)
    };
    if negative {
        -magnitude
    } else {
        magnitude
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn int(i: i64) -> BigInt {
        BigInt::from(i)
    }

    #[test]
    fn floor_division_rounds_down() {
        assert_eq!(int_floordiv(&int(7), &int(-2)), Ok(int(-4)));
        assert_eq!(int_mod(&int(-7), &int(3)), Ok(int(2)));
        assert_eq!(float_divmod(7.5, -2.0), Ok((-4.0, -0.5)));
        assert_eq!(float_divmod(-7.5, 2.0).map(|r| r.1), Ok(0.5));
        assert_eq!(int_floordiv(&int(1), &int(0)), Err(DIVISION_BY_ZERO));
    }

    #[test]
    fn powers_and_shifts() {
        assert_eq!(int_pow(&int(2), &int(10)), Ok(IntPower::Int(int(1024))));
        assert_eq!(int_pow(&int(2), &int(-2)), Ok(IntPower::Float(0.25)));
        assert_eq!(
            int_pow(&int(0), &int(-1)),
            Err(ArithError::ZeroDivision("zero to a negative power"))
        );
        assert_eq!(
            int_lshift(&int(1), &int(-1)),
            Err(ArithError::Value("negative shift count"))
        );
        assert_eq!(int_rshift(&int(-5), &int(1)), Ok(int(-3)));
        assert_eq!(int_truediv(&int(5), &int(2)), Ok(2.5));
    }
}

#[cfg(test)]
mod true_division_tests {
    use super::*;

    /// Big quotients round as the exact fraction would (`long_true_divide`).
    #[test]
    fn int_true_division_rounds_correctly() {
        let n = BigInt::from(9007199254740993u64);
        assert_eq!(
            int_truediv(&n, &BigInt::from(15)),
            Ok(4_803_839_602_528_530.0 / 8.0)
        );
    }
}
