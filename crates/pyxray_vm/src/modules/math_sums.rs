//! The `math` functions that combine many numbers: `fsum`, `prod`, `hypot`, `dist`.
//!
//! CPython: `Modules/mathmodule.c` (`math_fsum` — Shewchuk's exact partial sums —,
//! `math_prod`, `vector_norm` behind `math_hypot` and `math_dist`). The same algorithms give
//! the same last digit as CPython.

use num_bigint::BigInt;

use super::math::real;
use crate::builtins::Keywords;
use crate::heap::ObjId;
use crate::methods::expect_args;
use crate::objects::{Object, Raise};
use crate::vm::{Fault, Vm};

/// Every item of `iterable` as a float; the references are released.
fn reals(vm: &mut Vm, iterable: ObjId) -> Result<Vec<f64>, Fault> {
    let items = vm.unpack_all(iterable)?;
    let values = items.iter().map(|&item| real(vm, item)).collect();
    vm.release(&items);
    values
}

/// `math.fsum(iterable)`: the correctly rounded sum, from exact partial sums.
pub(super) fn fsum(
    vm: &mut Vm,
    _: ObjId,
    args: &[ObjId],
    keywords: Keywords,
) -> Result<ObjId, Fault> {
    expect_args("math.fsum", args, keywords, 1, 1)?;
    let values = reals(vm, args[0])?;
    let sum = exact_sum(&values)?;
    vm.new_result(Object::Float(sum))
}

/// Shewchuk's algorithm: `partials` holds non-overlapping floats whose exact sum is the sum
/// so far, smallest first; infinities and NaNs are summed apart.
fn exact_sum(values: &[f64]) -> Result<f64, Raise> {
    let mut partials: Vec<f64> = Vec::new();
    let (mut special_sum, mut inf_sum) = (0.0f64, 0.0f64);
    for &value in values {
        let mut x = value;
        let mut kept = 0;
        for j in 0..partials.len() {
            let mut y = partials[j];
            if x.abs() < y.abs() {
                std::mem::swap(&mut x, &mut y);
            }
            let hi = x + y;
            let lo = y - (hi - x);
            if lo != 0.0 {
                partials[kept] = lo;
                kept += 1;
            }
            x = hi;
        }
        partials.truncate(kept);
        if x != 0.0 {
            if !x.is_finite() {
                // Overflow of finite summands, or an infinity or NaN among them.
                if value.is_finite() {
                    return Err(Raise::new("OverflowError", "intermediate overflow in fsum"));
                }
                if value.is_infinite() {
                    inf_sum += value;
                }
                special_sum += value;
                partials.clear();
            } else {
                partials.push(x);
            }
        }
    }
    if special_sum != 0.0 {
        if inf_sum.is_nan() {
            return Err(Raise::new("ValueError", "-inf + inf in fsum"));
        }
        return Ok(special_sum);
    }
    let Some(mut hi) = partials.pop() else {
        return Ok(0.0);
    };
    // Add the partials from the largest down while the sum stays exact.
    let mut lo = 0.0;
    while let Some(y) = partials.pop() {
        let x = hi;
        hi = x + y;
        lo = y - (hi - x);
        if lo != 0.0 {
            break;
        }
    }
    // Round half to even across the partials that remain.
    if let Some(&next) = partials.last() {
        if (lo < 0.0 && next < 0.0) || (lo > 0.0 && next > 0.0) {
            let y = lo * 2.0;
            let x = hi + y;
            if y == x - hi {
                hi = x;
            }
        }
    }
    Ok(hi)
}

/// `math.prod(iterable, /, *, start=1)`: the product, with `*`'s own rules for each pair.
pub(super) fn prod(
    vm: &mut Vm,
    _: ObjId,
    args: &[ObjId],
    keywords: Keywords,
) -> Result<ObjId, Fault> {
    let mut start = None;
    for (name, value) in keywords {
        if name != "start" {
            return Err(Raise::new(
                "TypeError",
                format!("prod() got an unexpected keyword argument '{name}'"),
            )
            .into());
        }
        start = Some(*value);
    }
    expect_args("math.prod", args, &[], 1, 1)?;
    const MULTIPLY: u32 = 5;
    let items = vm.unpack_all(args[0])?;
    let mut product = match start {
        Some(start) => {
            vm.heap.incref(start);
            start
        }
        None => vm.new_int(BigInt::from(1)),
    };
    for &item in &items {
        match vm.binary_op(MULTIPLY, product, item) {
            Ok(next) => {
                vm.heap.decref(product);
                product = next;
            }
            Err(fault) => {
                vm.heap.decref(product);
                vm.release(&items);
                return Err(fault);
            }
        }
    }
    vm.release(&items);
    Ok(product)
}

/// `math.hypot(*coordinates)`: the length of a vector.
pub(super) fn hypot(
    vm: &mut Vm,
    _: ObjId,
    args: &[ObjId],
    keywords: Keywords,
) -> Result<ObjId, Fault> {
    expect_args("math.hypot", args, keywords, 0, usize::MAX)?;
    let coordinates = args
        .iter()
        .map(|&arg| real(vm, arg))
        .collect::<Result<Vec<_>, _>>()?;
    vm.new_result(Object::Float(vector_norm(coordinates)))
}

/// `math.dist(p, q)`: the distance between two points with as many coordinates each.
pub(super) fn dist(
    vm: &mut Vm,
    _: ObjId,
    args: &[ObjId],
    keywords: Keywords,
) -> Result<ObjId, Fault> {
    expect_args("math.dist", args, keywords, 2, 2)?;
    let p = reals(vm, args[0])?;
    let q = reals(vm, args[1])?;
    if p.len() != q.len() {
        return Err(Raise::new(
            "ValueError",
            "both points must have the same number of dimensions",
        )
        .into());
    }
    let differences = p.iter().zip(&q).map(|(a, b)| a - b).collect();
    vm.new_result(Object::Float(vector_norm(differences)))
}

/// The Euclidean norm, scaled so no square overflows or underflows and corrected once so
/// the result is correctly rounded in nearly all cases (`vector_norm`).
fn vector_norm(mut vector: Vec<f64>) -> f64 {
    let mut max = 0.0f64;
    let mut found_nan = false;
    for x in vector.iter_mut() {
        *x = x.abs();
        found_nan |= x.is_nan();
        if *x > max {
            max = *x;
        }
    }
    if max.is_infinite() {
        return max;
    }
    if found_nan {
        return f64::NAN;
    }
    if max == 0.0 || vector.len() <= 1 {
        return max;
    }
    let (_, max_exponent) = frexp(max);
    if max_exponent < -1023 {
        // Subnormal: scale into the normal range first.
        for x in vector.iter_mut() {
            *x /= f64::MIN_POSITIVE;
        }
        return f64::MIN_POSITIVE * vector_norm(vector);
    }
    let scale = ldexp(1.0, -i64::from(max_exponent));
    let (mut csum, mut frac1, mut frac2) = (1.0f64, 0.0f64, 0.0f64);
    for &x in &vector {
        let x = x * scale;
        let (square, square_error) = exact_product(x, x);
        let (sum, sum_error) = exact_sum_of_two(csum, square);
        csum = sum;
        frac1 += square_error;
        frac2 += sum_error;
    }
    let mut h = (csum - 1.0 + (frac1 + frac2)).sqrt();
    let (square, square_error) = exact_product(-h, h);
    let (sum, sum_error) = exact_sum_of_two(csum, square);
    frac1 += square_error;
    frac2 += sum_error;
    let x = sum - 1.0 + (frac1 + frac2);
    h += x / (2.0 * h);
    h / scale
}

/// `a * b` as a float and its rounding error (`dl_mul`).
fn exact_product(a: f64, b: f64) -> (f64, f64) {
    let product = a * b;
    (product, a.mul_add(b, -product))
}

/// `a + b` as a float and its rounding error, for `|a| >= |b|` (`dl_fast_sum`).
fn exact_sum_of_two(a: f64, b: f64) -> (f64, f64) {
    let sum = a + b;
    (sum, (a - sum) + b)
}

/// C's `frexp`: `x = mantissa * 2**exponent` with `0.5 <= |mantissa| < 1`.
pub(super) fn frexp(x: f64) -> (f64, i32) {
    if x == 0.0 || !x.is_finite() {
        return (x, 0);
    }
    let bits = x.to_bits();
    let biased = ((bits >> 52) & 0x7ff) as i32;
    if biased == 0 {
        // Subnormal: normalize by 2**64 first.
        let (mantissa, exponent) = frexp(x * f64::from_bits(0x43f0_0000_0000_0000));
        return (mantissa, exponent - 64);
    }
    let mantissa = f64::from_bits((bits & !(0x7ff << 52)) | (1022 << 52));
    (mantissa, biased - 1022)
}

/// C's `ldexp`/`scalbn`: `x * 2**exponent`, rounded once.
pub(super) fn ldexp(x: f64, exponent: i64) -> f64 {
    let power = |n: i64| f64::from_bits(((0x3ff + n) as u64) << 52);
    let mut y = x;
    let mut n = exponent;
    if n > 1023 {
        y *= power(1023);
        n -= 1023;
        if n > 1023 {
            y *= power(1023);
            n = (n - 1023).min(1023);
        }
    } else if n < -1022 {
        // Scale by 2**-1022 * 2**53 at a time so a subnormal result is rounded only once.
        let step = power(-1022) * power(53);
        y *= step;
        n += 1022 - 53;
        if n < -1022 {
            y *= step;
            n = (n + 1022 - 53).max(-1022);
        }
    }
    y * power(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fsum_is_correctly_rounded() {
        assert_eq!(exact_sum(&[0.1; 10]), Ok(1.0));
        assert_eq!(exact_sum(&[1e100, 1.0, -1e100, 1e-100]), Ok(1.0));
        assert_eq!(exact_sum(&[]), Ok(0.0));
        assert_eq!(exact_sum(&[f64::INFINITY, 1.0]), Ok(f64::INFINITY));
        assert!(exact_sum(&[1e308, 1e308]).is_err());
        assert!(exact_sum(&[f64::INFINITY, f64::NEG_INFINITY]).is_err());
    }

    #[test]
    fn norm_of_small_vectors() {
        assert_eq!(vector_norm(vec![3.0, 4.0]), 5.0);
        assert_eq!(vector_norm(vec![6.0, 8.0]), 10.0);
        assert_eq!(vector_norm(vec![-2.0]), 2.0);
        assert_eq!(vector_norm(vec![f64::NAN, f64::INFINITY]), f64::INFINITY);
        assert_eq!(vector_norm(vec![5e-324, 5e-324]), 5e-324);
    }

    #[test]
    fn frexp_and_ldexp_round_trip() {
        assert_eq!(frexp(8.0), (0.5, 4));
        assert_eq!(frexp(-3.0), (-0.75, 2));
        assert_eq!(frexp(5e-324), (0.5, -1073));
        assert_eq!(ldexp(0.5, 4), 8.0);
        assert_eq!(ldexp(1.0, -1074), 5e-324);
        assert_eq!(ldexp(1.0, 1024), f64::INFINITY);
        assert_eq!(ldexp(1.5, -1074), 1e-323);
    }
}
