//! `int`, `float` and `complex` methods.
//!
//! CPython: `Objects/longobject.c` (`long_methods[]`: `int_bit_length_impl`,
//! `int_bit_count_impl`, `int_to_bytes_impl`), `Objects/floatobject.c` (`float_methods[]`:
//! `float_is_integer_impl`, `float_as_integer_ratio_impl`, `float_hex`),
//! `Objects/complexobject.c` (`complex_conjugate_impl`).

use num_bigint::{BigInt, Sign};
use num_integer::Integer;
use num_traits::{Signed, ToPrimitive, Zero};

use super::{as_index, expect_args, take_keywords, MethodDef};
use crate::builtins::Keywords;
use crate::heap::ObjId;
use crate::objects::{is_true, Object, Raise};
use crate::vm::{Fault, Vm};

pub(super) const INT_METHODS: &[MethodDef] = &[
    MethodDef {
        name: "bit_count",
        call: bit_count,
    },
    MethodDef {
        name: "bit_length",
        call: bit_length,
    },
    MethodDef {
        name: "conjugate",
        call: int_conjugate,
    },
    MethodDef {
        name: "from_bytes",
        call: from_bytes,
    },
    MethodDef {
        name: "is_integer",
        call: int_is_integer,
    },
    MethodDef {
        name: "to_bytes",
        call: to_bytes,
    },
];

pub(super) const FLOAT_METHODS: &[MethodDef] = &[
    MethodDef {
        name: "as_integer_ratio",
        call: as_integer_ratio,
    },
    MethodDef {
        name: "conjugate",
        call: float_conjugate,
    },
    MethodDef {
        name: "hex",
        call: float_hex,
    },
    MethodDef {
        name: "is_integer",
        call: is_integer,
    },
];

pub(super) const COMPLEX_METHODS: &[MethodDef] = &[MethodDef {
    name: "conjugate",
    call: complex_conjugate,
}];

/// `int.conjugate()`: the int itself (a bool becomes an int).
fn int_conjugate(
    vm: &mut Vm,
    i: ObjId,
    args: &[ObjId],
    keywords: Keywords,
) -> Result<ObjId, Fault> {
    expect_args("int.conjugate", args, keywords, 0, 0)?;
    let value = int_of(vm, i);
    Ok(vm.new_int(value))
}

/// `int.from_bytes(bytes, byteorder='big', *, signed=False)`, a class method.
fn from_bytes(vm: &mut Vm, _: ObjId, args: &[ObjId], keywords: Keywords) -> Result<ObjId, Fault> {
    if args.len() + keywords.len() > 3 || args.len() > 2 {
        return Err(Raise::new(
            "TypeError",
            format!(
                "from_bytes() takes at most 3 arguments ({} given)",
                args.len() + keywords.len()
            ),
        )
        .into());
    }
    let mut source = args.first().copied();
    let mut order = args.get(1).copied();
    let mut signed = false;
    for (name, value) in take_keywords("from_bytes", keywords, &["bytes", "byteorder", "signed"])? {
        match name {
            "bytes" => source = Some(value),
            "byteorder" => order = Some(value),
            _ => signed = is_true(&vm.heap, value),
        }
    }
    let Some(source) = source else {
        return Err(Raise::new(
            "TypeError",
            "from_bytes() missing required argument 'bytes' (pos 1)",
        )
        .into());
    };
    let little = match order.map(|id| vm.heap.get(id)) {
        None => false,
        Some(Some(Object::Str(s))) if s == "big" => false,
        Some(Some(Object::Str(s))) if s == "little" => true,
        _ => {
            return Err(
                Raise::new("ValueError", "byteorder must be either 'little' or 'big'").into(),
            )
        }
    };
    let mut bytes = match vm.heap.get(source) {
        Some(Object::Bytes(b)) => b.clone(),
        _ => {
            let items = vm.unpack_all(source)?;
            let mut bytes = Vec::with_capacity(items.len());
            for &item in &items {
                match vm.heap.get(item) {
                    Some(Object::Int(i)) if u8::try_from(i).is_ok() => {
                        bytes.push(u8::try_from(i).unwrap_or(0))
                    }
                    _ => {
                        vm.release(&items);
                        return Err(
                            Raise::new("ValueError", "bytes must be in range(0, 256)").into()
                        );
                    }
                }
            }
            vm.release(&items);
            bytes
        }
    };
    if !little {
        bytes.reverse();
    }
    let value = if signed {
        BigInt::from_signed_bytes_le(&bytes)
    } else {
        BigInt::from_bytes_le(Sign::Plus, &bytes)
    };
    Ok(vm.new_int(value))
}

/// `int.is_integer()`: always true.
fn int_is_integer(
    vm: &mut Vm,
    _: ObjId,
    args: &[ObjId],
    keywords: Keywords,
) -> Result<ObjId, Fault> {
    expect_args("int.is_integer", args, keywords, 0, 0)?;
    Ok(vm.new_bool(true))
}

/// `float.conjugate()`: the float itself.
fn float_conjugate(
    vm: &mut Vm,
    f: ObjId,
    args: &[ObjId],
    keywords: Keywords,
) -> Result<ObjId, Fault> {
    expect_args("float.conjugate", args, keywords, 0, 0)?;
    vm.heap.incref(f);
    Ok(f)
}

/// `complex.conjugate()`: the imaginary part negated.
fn complex_conjugate(
    vm: &mut Vm,
    z: ObjId,
    args: &[ObjId],
    keywords: Keywords,
) -> Result<ObjId, Fault> {
    expect_args("complex.conjugate", args, keywords, 0, 0)?;
    let (real, imag) = match vm.heap.get(z) {
        Some(Object::Complex { real, imag }) => (*real, *imag),
        _ => (0.0, 0.0),
    };
    vm.new_result(Object::Complex { real, imag: -imag })
}

fn int_of(vm: &Vm, id: ObjId) -> BigInt {
    as_index(vm, id).unwrap_or_default()
}

/// `int.bit_length()`: bits needed for |x|.
fn bit_length(vm: &mut Vm, i: ObjId, args: &[ObjId], keywords: Keywords) -> Result<ObjId, Fault> {
    expect_args("int.bit_length", args, keywords, 0, 0)?;
    let bits = int_of(vm, i).bits();
    Ok(vm.new_int(bits.into()))
}

/// `int.bit_count()`: ones in the binary form of |x|.
fn bit_count(vm: &mut Vm, i: ObjId, args: &[ObjId], keywords: Keywords) -> Result<ObjId, Fault> {
    expect_args("int.bit_count", args, keywords, 0, 0)?;
    let ones: u64 = int_of(vm, i)
        .magnitude()
        .to_u64_digits()
        .iter()
        .map(|digit| u64::from(digit.count_ones()))
        .sum();
    Ok(vm.new_int(ones.into()))
}

/// `int.to_bytes(length=1, byteorder='big', *, signed=False)`.
fn to_bytes(vm: &mut Vm, i: ObjId, args: &[ObjId], keywords: Keywords) -> Result<ObjId, Fault> {
    if args.len() > 2 {
        return Err(Raise::new(
            "TypeError",
            format!(
                "to_bytes() takes at most 2 positional arguments ({} given)",
                args.len()
            ),
        )
        .into());
    }
    if args.len() + keywords.len() > 3 {
        return Err(Raise::new(
            "TypeError",
            format!(
                "to_bytes() takes at most 3 arguments ({} given)",
                args.len() + keywords.len()
            ),
        )
        .into());
    }
    let mut length = args.first().copied();
    let mut order = args.get(1).copied();
    let mut signed = false;
    for (name, value) in take_keywords("to_bytes", keywords, &["length", "byteorder", "signed"])? {
        match name {
            "length" => length = Some(value),
            "byteorder" => order = Some(value),
            _ => signed = is_true(&vm.heap, value),
        }
    }
    let length = match length {
        Some(id) => BigInt::from(super::as_ssize(vm, id)?),
        None => BigInt::from(1),
    };
    if length.is_negative() {
        return Err(Raise::new("ValueError", "length argument must be non-negative").into());
    }
    let little = match order.map(|id| vm.heap.get(id)) {
        None => false,
        Some(Some(Object::Str(s))) if s == "big" => false,
        Some(Some(Object::Str(s))) if s == "little" => true,
        Some(Some(Object::Str(_))) => {
            return Err(
                Raise::new("ValueError", "byteorder must be either 'little' or 'big'").into(),
            )
        }
        Some(other) => {
            return Err(Raise::new(
                "TypeError",
                format!(
                    "to_bytes() argument 'byteorder' must be str, not {}",
                    other.map_or("object", Object::type_name)
                ),
            )
            .into())
        }
    };
    let value = int_of(vm, i);
    if value.is_negative() && !signed {
        return Err(Raise::new("OverflowError", "can't convert negative int to unsigned").into());
    }
    let length = length.to_usize().unwrap_or(usize::MAX);
    if !vm.heap.can_allocate(length) {
        return Err(crate::objects::memory_error().into());
    }
    let mut bytes = if signed {
        value.to_signed_bytes_le()
    } else {
        value.magnitude().to_bytes_le()
    };
    if value.is_zero() {
        bytes.clear();
    }
    if bytes.len() > length {
        return Err(Raise::new("OverflowError", "int too big to convert").into());
    }
    let fill = if value.sign() == Sign::Minus { 0xff } else { 0 };
    bytes.resize(length, fill);
    if !little {
        bytes.reverse();
    }
    vm.new_result(Object::Bytes(bytes))
}

fn float_of(vm: &Vm, id: ObjId) -> f64 {
    match vm.heap.get(id) {
        Some(Object::Float(x)) => *x,
        _ => 0.0,
    }
}

/// `float.is_integer()`.
fn is_integer(vm: &mut Vm, f: ObjId, args: &[ObjId], keywords: Keywords) -> Result<ObjId, Fault> {
    expect_args("float.is_integer", args, keywords, 0, 0)?;
    let x = float_of(vm, f);
    Ok(vm.new_bool(x.is_finite() && x.fract() == 0.0))
}

/// `float.as_integer_ratio()`: the exact fraction, in lowest terms with a positive
/// denominator.
fn as_integer_ratio(
    vm: &mut Vm,
    f: ObjId,
    args: &[ObjId],
    keywords: Keywords,
) -> Result<ObjId, Fault> {
    expect_args("float.as_integer_ratio", args, keywords, 0, 0)?;
    let x = float_of(vm, f);
    if x.is_nan() {
        return Err(Raise::new("ValueError", "cannot convert NaN to integer ratio").into());
    }
    if x.is_infinite() {
        return Err(Raise::new("OverflowError", "cannot convert Infinity to integer ratio").into());
    }
    let (numerator, denominator) = exact_ratio(x);
    let numerator = vm.new_int(numerator);
    let denominator = vm.new_int(denominator);
    vm.new_result(Object::Tuple(vec![numerator, denominator]))
}

/// `float.hex()`: `0x1.<13 hex digits>p<exponent>` (`float_hex`).
fn float_hex(vm: &mut Vm, f: ObjId, args: &[ObjId], keywords: Keywords) -> Result<ObjId, Fault> {
    expect_args("float.hex", args, keywords, 0, 0)?;
    let text = hex_text(float_of(vm, f));
    vm.new_result(Object::Str(text))
}

fn hex_text(x: f64) -> String {
    if x.is_nan() {
        return "nan".to_string();
    }
    if x.is_infinite() {
        return if x < 0.0 { "-inf" } else { "inf" }.to_string();
    }
    let sign = if x.is_sign_negative() { "-" } else { "" };
    if x == 0.0 {
        return format!("{sign}0x0.0p+0");
    }
    let bits = x.to_bits();
    let exponent = ((bits >> 52) & 0x7ff) as i64;
    let fraction = bits & ((1u64 << 52) - 1);
    let (lead, power) = if exponent == 0 {
        (0, -1022)
    } else {
        (1, exponent - 1023)
    };
    format!("{sign}0x{lead}.{fraction:013x}p{power:+}")
}

/// A finite float as numerator / denominator in lowest terms.
fn exact_ratio(x: f64) -> (BigInt, BigInt) {
    let bits = x.to_bits();
    let negative = bits >> 63 == 1;
    let exponent = ((bits >> 52) & 0x7ff) as i64;
    let fraction = bits & ((1u64 << 52) - 1);
    let (mantissa, power) = if exponent == 0 {
        (fraction, -1074)
    } else {
        (fraction | (1u64 << 52), exponent - 1075)
    };
    let mut numerator = BigInt::from(mantissa);
    let mut denominator = BigInt::from(1);
    if power >= 0 {
        numerator <<= power as usize;
    } else {
        denominator <<= (-power) as usize;
    }
    let divisor = numerator.gcd(&denominator);
    if !divisor.is_zero() {
        numerator /= &divisor;
        denominator /= &divisor;
    }
    if negative {
        numerator = -numerator;
    }
    (numerator, denominator)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_shows_the_bits() {
        assert_eq!(hex_text(0.1), "0x1.999999999999ap-4");
        assert_eq!(hex_text(1.0), "0x1.0000000000000p+0");
        assert_eq!(hex_text(-0.0), "-0x0.0p+0");
        assert_eq!(hex_text(5e-324), "0x0.0000000000001p-1022");
    }

    #[test]
    fn ratios_are_exact_and_reduced() {
        assert_eq!(exact_ratio(0.5), (BigInt::from(1), BigInt::from(2)));
        assert_eq!(exact_ratio(-2.0), (BigInt::from(-2), BigInt::from(1)));
        assert_eq!(exact_ratio(0.0), (BigInt::from(0), BigInt::from(1)));
        assert_eq!(
            exact_ratio(0.1),
            (
                BigInt::from(3602879701896397u64),
                BigInt::from(36028797018963968u64)
            )
        );
    }
}
