//! The `math` module.
//!
//! CPython: `Modules/mathmodule.c` (`math_methods[]`). Functions of one float argument call
//! the platform's libm as CPython does; the last digit of a transcendental function can
//! differ between C libraries.

use num_bigint::BigInt;
use num_integer::Integer;
use num_traits::{One, Signed, ToPrimitive, Zero};

use super::math_sums;
use crate::builtins::Keywords;
use crate::heap::ObjId;
use crate::methods::{expect_args, MethodDef};
use crate::objects::{Object, Raise};
use crate::vm::{Fault, Vm};

macro_rules! functions {
    ($($name:literal => $function:path),* $(,)?) => {
        pub(crate) const FUNCTIONS: &[MethodDef] = &[$(MethodDef { name: $name, call: $function }),*];
    };
}

functions! {
    "sqrt" => sqrt, "exp" => exp, "log" => log, "log2" => log2, "log10" => log10,
    "sin" => sin, "cos" => cos, "tan" => tan, "atan" => atan, "asin" => asin, "acos" => acos,
    "fabs" => fabs, "floor" => floor, "ceil" => ceil, "trunc" => trunc, "pow" => pow,
    "atan2" => atan2, "hypot" => math_sums::hypot, "gcd" => gcd, "lcm" => lcm, "factorial" => factorial,
    "isqrt" => isqrt, "comb" => comb, "perm" => perm, "isclose" => isclose,
    "isfinite" => isfinite, "isinf" => isinf, "isnan" => isnan, "degrees" => degrees,
    "radians" => radians, "copysign" => copysign, "fsum" => math_sums::fsum,
    "prod" => math_sums::prod, "dist" => math_sums::dist, "sinh" => sinh, "cosh" => cosh,
    "tanh" => tanh, "asinh" => asinh, "acosh" => acosh, "atanh" => atanh, "expm1" => expm1,
    "log1p" => log1p, "cbrt" => cbrt, "exp2" => exp2, "fmod" => fmod, "modf" => modf,
    "frexp" => frexp, "ldexp" => ldexp, "remainder" => remainder, "ulp" => ulp,
    "nextafter" => nextafter,
}

/// `math.pi`, `math.e`, `math.tau`, `math.inf`, `math.nan`.
pub(crate) fn fill(vm: &mut Vm, dict: ObjId) {
    vm.module_set_float(dict, "pi", std::f64::consts::PI);
    vm.module_set_float(dict, "e", std::f64::consts::E);
    vm.module_set_float(dict, "tau", std::f64::consts::TAU);
    vm.module_set_float(dict, "inf", f64::INFINITY);
    vm.module_set_float(dict, "nan", f64::NAN);
}

fn must_be_real(vm: &Vm, id: ObjId) -> Raise {
    Raise::new(
        "TypeError",
        format!("must be real number, not {}", vm.type_name_of(id)),
    )
}

/// A number argument as a float (`PyFloat_AsDouble`).
pub(super) fn real(vm: &Vm, id: ObjId) -> Result<f64, Fault> {
    match vm.heap.get(id) {
        Some(Object::Float(x)) => Ok(*x),
        Some(Object::Int(i)) => Ok(pyxray_bytecode::arith::int_to_float(i).map_err(Raise::from)?),
        Some(Object::Bool(b)) => Ok(f64::from(u8::from(*b))),
        _ => Err(must_be_real(vm, id).into()),
    }
}

/// An integer argument (`PyNumber_Index`).
fn integer(vm: &Vm, id: ObjId) -> Result<BigInt, Fault> {
    match vm.heap.get(id) {
        Some(Object::Int(i)) => Ok(i.clone()),
        Some(Object::Bool(b)) => Ok(BigInt::from(u8::from(*b))),
        _ => Err(Raise::new(
            "TypeError",
            format!(
                "'{}' object cannot be interpreted as an integer",
                vm.type_name_of(id)
            ),
        )
        .into()),
    }
}

fn domain_error() -> Fault {
    Raise::new("ValueError", "math domain error").into()
}

fn float_result(vm: &mut Vm, x: f64) -> Result<ObjId, Fault> {
    vm.new_result(Object::Float(x))
}

/// One float in, one float out, with CPython's domain and range errors.
fn unary(
    vm: &mut Vm,
    name: &str,
    args: &[ObjId],
    keywords: Keywords,
    f: fn(f64) -> f64,
    domain: fn(f64) -> bool,
) -> Result<ObjId, Fault> {
    expect_args(&format!("math.{name}"), args, keywords, 1, 1)?;
    let x = real(vm, args[0])?;
    if !domain(x) {
        // 3.14 says what the function expected (`math_1`'s `err_msg`).
        let expected = match name {
            "sqrt" => "a nonnegative input",
            "log2" | "log10" => "a positive input",
            "asin" | "acos" => "a number in range from -1 up to 1",
            "sin" | "cos" | "tan" => "a finite input",
            "acosh" => "argument value not less than 1",
            "atanh" => "a number between -1 and 1",
            "log1p" => "argument value > -1",
            _ => return Err(domain_error()),
        };
        // At a pole (log of zero) CPython names no value.
        let message = if x == 0.0 && name.starts_with("log") && name != "log1p" {
            format!("expected {expected}")
        } else {
            format!(
                "expected {expected}, got {}",
                pyxray_text::repr::float_repr(x)
            )
        };
        return Err(Raise::new("ValueError", message).into());
    }
    let result = f(x);
    if result.is_infinite() && x.is_finite() {
        return Err(Raise::new("OverflowError", "math range error").into());
    }
    if result.is_nan() && !x.is_nan() {
        return Err(domain_error());
    }
    float_result(vm, result)
}

fn any(_: f64) -> bool {
    true
}

fn sqrt(vm: &mut Vm, _: ObjId, a: &[ObjId], k: Keywords) -> Result<ObjId, Fault> {
    unary(vm, "sqrt", a, k, f64::sqrt, |x| x >= 0.0 || x.is_nan())
}
fn exp(vm: &mut Vm, _: ObjId, a: &[ObjId], k: Keywords) -> Result<ObjId, Fault> {
    unary(vm, "exp", a, k, f64::exp, any)
}
fn log2(vm: &mut Vm, _: ObjId, a: &[ObjId], k: Keywords) -> Result<ObjId, Fault> {
    unary(vm, "log2", a, k, f64::log2, |x| x > 0.0 || x.is_nan())
}
fn log10(vm: &mut Vm, _: ObjId, a: &[ObjId], k: Keywords) -> Result<ObjId, Fault> {
    unary(vm, "log10", a, k, f64::log10, |x| x > 0.0 || x.is_nan())
}
fn sin(vm: &mut Vm, _: ObjId, a: &[ObjId], k: Keywords) -> Result<ObjId, Fault> {
    unary(vm, "sin", a, k, f64::sin, |x| !x.is_infinite())
}
fn cos(vm: &mut Vm, _: ObjId, a: &[ObjId], k: Keywords) -> Result<ObjId, Fault> {
    unary(vm, "cos", a, k, f64::cos, |x| !x.is_infinite())
}
fn tan(vm: &mut Vm, _: ObjId, a: &[ObjId], k: Keywords) -> Result<ObjId, Fault> {
    unary(vm, "tan", a, k, f64::tan, |x| !x.is_infinite())
}
fn atan(vm: &mut Vm, _: ObjId, a: &[ObjId], k: Keywords) -> Result<ObjId, Fault> {
    unary(vm, "atan", a, k, f64::atan, any)
}
fn asin(vm: &mut Vm, _: ObjId, a: &[ObjId], k: Keywords) -> Result<ObjId, Fault> {
    unary(vm, "asin", a, k, f64::asin, |x| {
        (-1.0..=1.0).contains(&x) || x.is_nan()
    })
}
fn acos(vm: &mut Vm, _: ObjId, a: &[ObjId], k: Keywords) -> Result<ObjId, Fault> {
    unary(vm, "acos", a, k, f64::acos, |x| {
        (-1.0..=1.0).contains(&x) || x.is_nan()
    })
}
fn fabs(vm: &mut Vm, _: ObjId, a: &[ObjId], k: Keywords) -> Result<ObjId, Fault> {
    unary(vm, "fabs", a, k, f64::abs, any)
}
fn degrees(vm: &mut Vm, _: ObjId, a: &[ObjId], k: Keywords) -> Result<ObjId, Fault> {
    unary(vm, "degrees", a, k, f64::to_degrees, any)
}
fn radians(vm: &mut Vm, _: ObjId, a: &[ObjId], k: Keywords) -> Result<ObjId, Fault> {
    unary(vm, "radians", a, k, f64::to_radians, any)
}

fn sinh(vm: &mut Vm, _: ObjId, a: &[ObjId], k: Keywords) -> Result<ObjId, Fault> {
    unary(vm, "sinh", a, k, f64::sinh, any)
}
fn cosh(vm: &mut Vm, _: ObjId, a: &[ObjId], k: Keywords) -> Result<ObjId, Fault> {
    unary(vm, "cosh", a, k, f64::cosh, any)
}
fn tanh(vm: &mut Vm, _: ObjId, a: &[ObjId], k: Keywords) -> Result<ObjId, Fault> {
    unary(vm, "tanh", a, k, f64::tanh, any)
}
fn asinh(vm: &mut Vm, _: ObjId, a: &[ObjId], k: Keywords) -> Result<ObjId, Fault> {
    unary(vm, "asinh", a, k, f64::asinh, any)
}
fn acosh(vm: &mut Vm, _: ObjId, a: &[ObjId], k: Keywords) -> Result<ObjId, Fault> {
    unary(vm, "acosh", a, k, f64::acosh, |x| x >= 1.0 || x.is_nan())
}
fn atanh(vm: &mut Vm, _: ObjId, a: &[ObjId], k: Keywords) -> Result<ObjId, Fault> {
    unary(vm, "atanh", a, k, f64::atanh, |x| {
        x.abs() < 1.0 || x.is_nan()
    })
}
fn expm1(vm: &mut Vm, _: ObjId, a: &[ObjId], k: Keywords) -> Result<ObjId, Fault> {
    unary(vm, "expm1", a, k, f64::exp_m1, any)
}
fn log1p(vm: &mut Vm, _: ObjId, a: &[ObjId], k: Keywords) -> Result<ObjId, Fault> {
    unary(vm, "log1p", a, k, f64::ln_1p, |x| x > -1.0 || x.is_nan())
}
fn cbrt(vm: &mut Vm, _: ObjId, a: &[ObjId], k: Keywords) -> Result<ObjId, Fault> {
    unary(vm, "cbrt", a, k, f64::cbrt, any)
}
fn exp2(vm: &mut Vm, _: ObjId, a: &[ObjId], k: Keywords) -> Result<ObjId, Fault> {
    unary(vm, "exp2", a, k, f64::exp2, any)
}

/// `math.fmod(x, y)`: C's remainder, with the sign of `x` (unlike `%`).
fn fmod(vm: &mut Vm, _: ObjId, args: &[ObjId], keywords: Keywords) -> Result<ObjId, Fault> {
    expect_args("math.fmod", args, keywords, 2, 2)?;
    let (x, y) = (real(vm, args[0])?, real(vm, args[1])?);
    if y.is_infinite() && x.is_finite() {
        return float_result(vm, x);
    }
    let result = x % y;
    if result.is_nan() && !x.is_nan() && !y.is_nan() {
        return Err(domain_error());
    }
    float_result(vm, result)
}

/// `math.remainder(x, y)`: IEEE 754's remainder, the quotient rounded half to even.
fn remainder(vm: &mut Vm, _: ObjId, args: &[ObjId], keywords: Keywords) -> Result<ObjId, Fault> {
    expect_args("math.remainder", args, keywords, 2, 2)?;
    let (x, y) = (real(vm, args[0])?, real(vm, args[1])?);
    if x.is_nan() || y.is_nan() {
        return float_result(vm, if x.is_nan() { x } else { y });
    }
    if x.is_infinite() || y == 0.0 {
        return Err(domain_error());
    }
    if y.is_infinite() {
        return float_result(vm, x);
    }
    let (absx, absy) = (x.abs(), y.abs());
    let m = absx % absy;
    let c = absy - m;
    let r = if m < c {
        m
    } else if m > c {
        -c
    } else {
        // Half way: choose the even multiple.
        m - 2.0 * ((0.5 * (absx - m)) % absy)
    };
    float_result(vm, 1.0f64.copysign(x) * r)
}

/// A pair of floats as a new tuple.
fn float_pair(vm: &mut Vm, first: Object, second: Object) -> Result<ObjId, Fault> {
    let first = vm.new_result(first)?;
    let second = vm.new_result(second)?;
    vm.new_result(Object::Tuple(vec![first, second]))
}

/// `math.modf(x)`: the fractional and integer parts, both with the sign of `x`.
fn modf(vm: &mut Vm, _: ObjId, args: &[ObjId], keywords: Keywords) -> Result<ObjId, Fault> {
    expect_args("math.modf", args, keywords, 1, 1)?;
    let x = real(vm, args[0])?;
    let (fraction, whole) = if x.is_infinite() {
        (0.0f64.copysign(x), x)
    } else if x.is_nan() {
        (x, x)
    } else {
        ((x - x.trunc()).copysign(x), x.trunc())
    };
    float_pair(vm, Object::Float(fraction), Object::Float(whole))
}

/// `math.frexp(x)`: `(m, e)` with `x == m * 2**e` and `0.5 <= abs(m) < 1`.
fn frexp(vm: &mut Vm, _: ObjId, args: &[ObjId], keywords: Keywords) -> Result<ObjId, Fault> {
    expect_args("math.frexp", args, keywords, 1, 1)?;
    let x = real(vm, args[0])?;
    let (mantissa, exponent) = math_sums::frexp(x);
    float_pair(
        vm,
        Object::Float(mantissa),
        Object::Int(BigInt::from(exponent)),
    )
}

/// `math.ldexp(x, i)`: `x * 2**i`.
fn ldexp(vm: &mut Vm, _: ObjId, args: &[ObjId], keywords: Keywords) -> Result<ObjId, Fault> {
    expect_args("math.ldexp", args, keywords, 2, 2)?;
    let x = real(vm, args[0])?;
    let exponent = match vm.heap.get(args[1]) {
        Some(Object::Int(i)) => i.clone(),
        Some(Object::Bool(b)) => BigInt::from(u8::from(*b)),
        _ => {
            return Err(
                Raise::new("TypeError", "Expected an int as second argument to ldexp.").into(),
            )
        }
    };
    if x == 0.0 || !x.is_finite() {
        return float_result(vm, x);
    }
    // Exponents past the float range saturate: the result overflows or underflows anyway.
    let exponent = exponent
        .to_i64()
        .unwrap_or(if exponent.is_negative() { -4000 } else { 4000 });
    let result = math_sums::ldexp(x, exponent.clamp(-4000, 4000));
    if result.is_infinite() {
        return Err(Raise::new("OverflowError", "math range error").into());
    }
    float_result(vm, result)
}

/// The next float after `x` towards `y` (C's `nextafter`).
fn next_float(x: f64, y: f64) -> f64 {
    if x.is_nan() || y.is_nan() {
        return x + y;
    }
    if x == y {
        return y;
    }
    if x == 0.0 {
        return f64::from_bits(1).copysign(y);
    }
    let bits = x.to_bits();
    let away_from_zero = (y > x) == (x > 0.0);
    f64::from_bits(if away_from_zero { bits + 1 } else { bits - 1 })
}

/// `math.nextafter(x, y, steps=None)`, without `steps`.
fn nextafter(vm: &mut Vm, _: ObjId, args: &[ObjId], keywords: Keywords) -> Result<ObjId, Fault> {
    expect_args("math.nextafter", args, keywords, 2, 2)?;
    let (x, y) = (real(vm, args[0])?, real(vm, args[1])?);
    float_result(vm, next_float(x, y))
}

/// `math.ulp(x)`: the value of the least significant bit of `x`.
fn ulp(vm: &mut Vm, _: ObjId, args: &[ObjId], keywords: Keywords) -> Result<ObjId, Fault> {
    expect_args("math.ulp", args, keywords, 1, 1)?;
    let x = real(vm, args[0])?.abs();
    if !x.is_finite() {
        return float_result(vm, x);
    }
    let up = next_float(x, f64::INFINITY);
    let result = if up.is_infinite() {
        x - next_float(x, f64::NEG_INFINITY)
    } else {
        up - x
    };
    float_result(vm, result)
}

/// `math.log(x[, base])`: an int of any size is fine (its log is taken from its bits).
fn log(vm: &mut Vm, _: ObjId, args: &[ObjId], keywords: Keywords) -> Result<ObjId, Fault> {
    expect_args("math.log", args, keywords, 1, 2)?;
    let ln = |vm: &Vm, id: ObjId| -> Result<f64, Fault> {
        if let Some(Object::Int(i)) = vm.heap.get(id) {
            if !i.is_positive() {
                return Err(Raise::new("ValueError", "expected a positive input").into());
            }
            if let Some(x) = i.to_f64().filter(|x| x.is_finite()) {
                return Ok(x.ln());
            }
            // ln(i) = ln(i / 2**k) + k ln 2, with i / 2**k in float range.
            let shift = i.bits() - 1000;
            let reduced = (i >> shift).to_f64().unwrap_or(1.0);
            return Ok(reduced.ln() + shift as f64 * std::f64::consts::LN_2);
        }
        let x = real(vm, id)?;
        if x == 0.0 {
            return Err(Raise::new("ValueError", "expected a positive input").into());
        }
        if x < 0.0 {
            return Err(Raise::new(
                "ValueError",
                format!(
                    "expected a positive input, got {}",
                    pyxray_text::repr::float_repr(x)
                ),
            )
            .into());
        }
        Ok(x.ln())
    };
    let numerator = ln(vm, args[0])?;
    let result = match args.get(1) {
        Some(&base) => {
            let denominator = ln(vm, base)?;
            if denominator == 0.0 {
                return Err(Raise::new("ZeroDivisionError", "division by zero").into());
            }
            numerator / denominator
        }
        None => numerator,
    };
    float_result(vm, result)
}

/// `floor`, `ceil`, `trunc`: ints stay ints; floats become the int they round to.
fn rounding(
    vm: &mut Vm,
    name: &str,
    args: &[ObjId],
    keywords: Keywords,
    round: fn(f64) -> f64,
) -> Result<ObjId, Fault> {
    expect_args(&format!("math.{name}"), args, keywords, 1, 1)?;
    if let Some(Object::Int(i)) = vm.heap.get(args[0]) {
        let i = i.clone();
        return Ok(vm.new_int(i));
    }
    let x = real(vm, args[0])?;
    if x.is_nan() {
        return Err(Raise::new("ValueError", "cannot convert float NaN to integer").into());
    }
    if x.is_infinite() {
        return Err(Raise::new("OverflowError", "cannot convert float infinity to integer").into());
    }
    let value = pyxray_bytecode::arith::float_to_exact_int(round(x));
    Ok(vm.new_int(value))
}

fn floor(vm: &mut Vm, _: ObjId, a: &[ObjId], k: Keywords) -> Result<ObjId, Fault> {
    rounding(vm, "floor", a, k, f64::floor)
}
fn ceil(vm: &mut Vm, _: ObjId, a: &[ObjId], k: Keywords) -> Result<ObjId, Fault> {
    rounding(vm, "ceil", a, k, f64::ceil)
}
fn trunc(vm: &mut Vm, _: ObjId, a: &[ObjId], k: Keywords) -> Result<ObjId, Fault> {
    rounding(vm, "trunc", a, k, f64::trunc)
}

fn pow(vm: &mut Vm, _: ObjId, args: &[ObjId], keywords: Keywords) -> Result<ObjId, Fault> {
    expect_args("math.pow", args, keywords, 2, 2)?;
    let (x, y) = (real(vm, args[0])?, real(vm, args[1])?);
    let result = match pyxray_bytecode::arith::float_pow(x, y) {
        Ok(pyxray_bytecode::arith::FloatPower::Real(r)) => r,
        Ok(pyxray_bytecode::arith::FloatPower::Complex(..)) => return Err(domain_error()),
        Err(pyxray_bytecode::arith::ArithError::ZeroDivision(_)) => return Err(domain_error()),
        Err(_) => return Err(Raise::new("OverflowError", "math range error").into()),
    };
    float_result(vm, result)
}

fn atan2(vm: &mut Vm, _: ObjId, args: &[ObjId], keywords: Keywords) -> Result<ObjId, Fault> {
    expect_args("math.atan2", args, keywords, 2, 2)?;
    let (y, x) = (real(vm, args[0])?, real(vm, args[1])?);
    float_result(vm, y.atan2(x))
}

fn copysign(vm: &mut Vm, _: ObjId, args: &[ObjId], keywords: Keywords) -> Result<ObjId, Fault> {
    expect_args("math.copysign", args, keywords, 2, 2)?;
    let (x, y) = (real(vm, args[0])?, real(vm, args[1])?);
    float_result(vm, x.copysign(y))
}

fn predicate(
    vm: &mut Vm,
    name: &str,
    args: &[ObjId],
    keywords: Keywords,
    test: fn(f64) -> bool,
) -> Result<ObjId, Fault> {
    expect_args(&format!("math.{name}"), args, keywords, 1, 1)?;
    let x = real(vm, args[0])?;
    Ok(vm.new_bool(test(x)))
}
fn isfinite(vm: &mut Vm, _: ObjId, a: &[ObjId], k: Keywords) -> Result<ObjId, Fault> {
    predicate(vm, "isfinite", a, k, f64::is_finite)
}
fn isinf(vm: &mut Vm, _: ObjId, a: &[ObjId], k: Keywords) -> Result<ObjId, Fault> {
    predicate(vm, "isinf", a, k, f64::is_infinite)
}
fn isnan(vm: &mut Vm, _: ObjId, a: &[ObjId], k: Keywords) -> Result<ObjId, Fault> {
    predicate(vm, "isnan", a, k, f64::is_nan)
}

/// `math.isclose(a, b, *, rel_tol=1e-09, abs_tol=0.0)`.
fn isclose(vm: &mut Vm, _: ObjId, args: &[ObjId], keywords: Keywords) -> Result<ObjId, Fault> {
    let mut rel_tol = 1e-9;
    let mut abs_tol = 0.0;
    for (name, value) in keywords {
        match name.as_str() {
            "rel_tol" => rel_tol = real(vm, *value)?,
            "abs_tol" => abs_tol = real(vm, *value)?,
            other => {
                return Err(Raise::new(
                    "TypeError",
                    format!("isclose() got an unexpected keyword argument '{other}'"),
                )
                .into())
            }
        }
    }
    expect_args("math.isclose", args, &[], 2, 2)?;
    if rel_tol < 0.0 || abs_tol < 0.0 {
        return Err(Raise::new("ValueError", "tolerances must be non-negative").into());
    }
    let (a, b) = (real(vm, args[0])?, real(vm, args[1])?);
    let close = a == b
        || (!a.is_infinite()
            && !b.is_infinite()
            && ((b - a).abs() <= (rel_tol * b).abs()
                || (b - a).abs() <= (rel_tol * a).abs()
                || (b - a).abs() <= abs_tol));
    Ok(vm.new_bool(close))
}

fn integers(vm: &Vm, args: &[ObjId]) -> Result<Vec<BigInt>, Fault> {
    args.iter().map(|&arg| integer(vm, arg)).collect()
}

fn gcd(vm: &mut Vm, _: ObjId, args: &[ObjId], keywords: Keywords) -> Result<ObjId, Fault> {
    expect_args("math.gcd", args, keywords, 0, usize::MAX)?;
    let result = integers(vm, args)?
        .into_iter()
        .fold(BigInt::zero(), |acc, n| acc.gcd(&n));
    Ok(vm.new_int(result))
}

fn lcm(vm: &mut Vm, _: ObjId, args: &[ObjId], keywords: Keywords) -> Result<ObjId, Fault> {
    expect_args("math.lcm", args, keywords, 0, usize::MAX)?;
    let result = integers(vm, args)?
        .into_iter()
        .fold(BigInt::one(), |acc, n| acc.lcm(&n));
    Ok(vm.new_int(result))
}

fn factorial(vm: &mut Vm, _: ObjId, args: &[ObjId], keywords: Keywords) -> Result<ObjId, Fault> {
    expect_args("math.factorial", args, keywords, 1, 1)?;
    let n = integer(vm, args[0])?;
    if n.is_negative() {
        return Err(Raise::new("ValueError", "factorial() not defined for negative values").into());
    }
    let n = n.to_u64().unwrap_or(u64::MAX);
    if !vm.heap.can_make_int(n.saturating_mul(64)) {
        return Err(crate::objects::memory_error().into());
    }
    let result = (2..=n).fold(BigInt::one(), |acc, k| acc * k);
    Ok(vm.new_int(result))
}

fn isqrt(vm: &mut Vm, _: ObjId, args: &[ObjId], keywords: Keywords) -> Result<ObjId, Fault> {
    expect_args("math.isqrt", args, keywords, 1, 1)?;
    let n = integer(vm, args[0])?;
    if n.is_negative() {
        return Err(Raise::new("ValueError", "isqrt() argument must be nonnegative").into());
    }
    Ok(vm.new_int(n.sqrt()))
}

/// `comb(n, k)` and `perm(n, k)`.
fn choose(
    vm: &mut Vm,
    name: &str,
    args: &[ObjId],
    keywords: Keywords,
    ordered: bool,
) -> Result<ObjId, Fault> {
    expect_args(&format!("math.{name}"), args, keywords, 2, 2)?;
    let (n, k) = (integer(vm, args[0])?, integer(vm, args[1])?);
    if n.is_negative() {
        return Err(Raise::new("ValueError", "n must be a non-negative integer").into());
    }
    if k.is_negative() {
        return Err(Raise::new("ValueError", "k must be a non-negative integer").into());
    }
    if k > n {
        return Ok(vm.new_int(BigInt::zero()));
    }
    let k = k.to_u64().unwrap_or(u64::MAX);
    let mut result = BigInt::one();
    for i in 0..k {
        result *= &n - BigInt::from(i);
        if !ordered {
            result /= BigInt::from(i + 1);
        }
    }
    Ok(vm.new_int(result))
}
fn comb(vm: &mut Vm, _: ObjId, a: &[ObjId], k: Keywords) -> Result<ObjId, Fault> {
    choose(vm, "comb", a, k, false)
}
fn perm(vm: &mut Vm, _: ObjId, a: &[ObjId], k: Keywords) -> Result<ObjId, Fault> {
    choose(vm, "perm", a, k, true)
}
