//! Text and bytes conversions (`str.encode`, `bytes.decode`) and the common `bytes` methods.
//!
//! CPython: `Objects/unicodeobject.c` (`unicode_encode_impl`), `Objects/bytesobject.c`
//! (`bytes_methods[]`, `bytes_decode_impl`), `Objects/bytes_methods.c`, `Python/codecs.c`
//! (the `strict`, `ignore` and `replace` error handlers), `Objects/exceptions.c`
//! (`UnicodeEncodeError.__str__`, `UnicodeDecodeError.__str__`). The codecs are UTF-8, ASCII
//! and Latin-1.

use super::str::text_of;
use super::{expect_args, take_keywords, MethodDef};
use crate::builtins::Keywords;
use crate::ceval::ascii;
use crate::heap::ObjId;
use crate::objects::{Object, Raise};
use crate::vm::{Fault, Vm};

pub(super) const METHODS: &[MethodDef] = &[
    MethodDef {
        name: "count",
        call: count,
    },
    MethodDef {
        name: "decode",
        call: decode,
    },
    MethodDef {
        name: "endswith",
        call: endswith,
    },
    MethodDef {
        name: "find",
        call: find,
    },
    MethodDef {
        name: "hex",
        call: hex,
    },
    MethodDef {
        name: "join",
        call: join,
    },
    MethodDef {
        name: "lower",
        call: lower,
    },
    MethodDef {
        name: "replace",
        call: replace,
    },
    MethodDef {
        name: "split",
        call: split,
    },
    MethodDef {
        name: "startswith",
        call: startswith,
    },
    MethodDef {
        name: "strip",
        call: strip,
    },
    MethodDef {
        name: "upper",
        call: upper,
    },
];

/// The codecs pyxray knows, by their normalized names.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Codec {
    Utf8,
    Ascii,
    Latin1,
}

impl Codec {
    fn name(self) -> &'static str {
        match self {
            Codec::Utf8 => "utf-8",
            Codec::Ascii => "ascii",
            Codec::Latin1 => "latin-1",
        }
    }
}

/// `_PyCodec_Lookup`: the codec for an encoding name, or "unknown encoding: NAME".
fn lookup_codec(name: &str) -> Result<Codec, Raise> {
    let normalized = name.to_ascii_lowercase().replace(['_', ' '], "-");
    match normalized.as_str() {
        "utf-8" | "utf8" | "u8" | "utf" | "cp65001" => Ok(Codec::Utf8),
        "ascii" | "us-ascii" | "646" => Ok(Codec::Ascii),
        "latin-1" | "latin1" | "iso-8859-1" | "iso8859-1" | "l1" | "8859" | "cp819" | "latin" => {
            Ok(Codec::Latin1)
        }
        _ => Err(Raise::new(
            "LookupError",
            format!("unknown encoding: {name}"),
        )),
    }
}

/// The `encoding` and `errors` arguments of `encode` and `decode`.
fn codec_arguments(
    vm: &Vm,
    method: &str,
    args: &[ObjId],
    keywords: Keywords,
) -> Result<(Codec, String), Raise> {
    if args.len() > 2 {
        return Err(Raise::new(
            "TypeError",
            format!(
                "{method}() takes at most 2 arguments ({} given)",
                args.len()
            ),
        ));
    }
    let mut values = [args.first().copied(), args.get(1).copied()];
    for (name, value) in take_keywords(method, keywords, &["encoding", "errors"])? {
        values[usize::from(name == "errors")] = Some(value);
    }
    let mut texts = [String::from("utf-8"), String::from("strict")];
    for ((value, text), name) in values.iter().zip(&mut texts).zip(["encoding", "errors"]) {
        if let Some(id) = value {
            match vm.heap.get(*id) {
                Some(Object::Str(s)) => *text = s.clone(),
                other => {
                    return Err(Raise::new(
                        "TypeError",
                        format!(
                            "{method}() argument '{name}' must be str, not {}",
                            other.map_or("object", Object::type_name)
                        ),
                    ))
                }
            }
        }
    }
    let [encoding, errors] = texts;
    Ok((lookup_codec(&encoding)?, errors))
}

/// `str.encode(encoding='utf-8', errors='strict')`.
pub(super) fn encode(
    vm: &mut Vm,
    s: ObjId,
    args: &[ObjId],
    keywords: Keywords,
) -> Result<ObjId, Fault> {
    let (codec, errors) = codec_arguments(vm, "encode", args, keywords)?;
    let text = text_of(vm, s);
    let limit = match codec {
        Codec::Utf8 => return vm.new_result(Object::Bytes(text.into_bytes())),
        Codec::Ascii => 0x80,
        Codec::Latin1 => 0x100,
    };
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::with_capacity(chars.len());
    for (position, &c) in chars.iter().enumerate() {
        if (c as u32) < limit {
            out.push(c as u32 as u8);
            continue;
        }
        match errors.as_str() {
            "ignore" => {}
            "replace" => out.push(b'?'),
            "strict" => {
                let run = chars[position..]
                    .iter()
                    .take_while(|&&c| c as u32 >= limit)
                    .count();
                let what = if run == 1 {
                    format!("character {}", ascii(&format!("'{c}'")))
                } else {
                    format!("characters in position {position}-{}", position + run - 1)
                };
                let place = if run == 1 {
                    format!(" in position {position}")
                } else {
                    String::new()
                };
                return Err(Raise::new(
                    "UnicodeEncodeError",
                    format!(
                        "'{}' codec can't encode {what}{place}: ordinal not in range({limit})",
                        codec.name()
                    ),
                )
                .into());
            }
            other => {
                return Err(Raise::new(
                    "LookupError",
                    format!("unknown error handler name '{other}'"),
                )
                .into())
            }
        }
    }
    vm.new_result(Object::Bytes(out))
}

fn bytes_of(vm: &Vm, id: ObjId) -> Vec<u8> {
    match vm.heap.get(id) {
        Some(Object::Bytes(b)) => b.clone(),
        _ => Vec::new(),
    }
}

/// A bytes argument: "a bytes-like object is required, not 'str'".
fn bytes_arg(vm: &Vm, id: ObjId) -> Result<Vec<u8>, Raise> {
    match vm.heap.get(id) {
        Some(Object::Bytes(b)) => Ok(b.clone()),
        other => Err(Raise::new(
            "TypeError",
            format!(
                "a bytes-like object is required, not '{}'",
                other.map_or("object", Object::type_name)
            ),
        )),
    }
}

/// Why UTF-8 decoding stopped at `error`: CPython's three reasons.
fn utf8_reason(bytes: &[u8], error: &std::str::Utf8Error) -> (usize, usize, &'static str) {
    let start = error.valid_up_to();
    match error.error_len() {
        None => (start, bytes.len(), "unexpected end of data"),
        Some(length) => {
            let first = bytes[start];
            if (0x80..0xC2).contains(&first) || first > 0xF4 {
                (start, start + 1, "invalid start byte")
            } else {
                (start, start + length, "invalid continuation byte")
            }
        }
    }
}

/// `bytes.decode(encoding='utf-8', errors='strict')`.
fn decode(vm: &mut Vm, b: ObjId, args: &[ObjId], keywords: Keywords) -> Result<ObjId, Fault> {
    let (codec, errors) = codec_arguments(vm, "decode", args, keywords)?;
    let bytes = bytes_of(vm, b);
    let text = match codec {
        Codec::Latin1 => bytes.iter().map(|&b| char::from(b)).collect(),
        Codec::Ascii => {
            if let Some(position) = bytes.iter().position(|&b| b >= 0x80) {
                if errors == "strict" {
                    return Err(Raise::new(
                        "UnicodeDecodeError",
                        format!(
                            "'ascii' codec can't decode byte 0x{:02x} in position {position}: ordinal not in range(128)",
                            bytes[position]
                        ),
                    )
                    .into());
                }
            }
            bytes
                .iter()
                .filter_map(|&b| match (b < 0x80, errors.as_str()) {
                    (true, _) => Some(char::from(b)),
                    (false, "replace") => Some('\u{FFFD}'),
                    _ => None,
                })
                .collect()
        }
        Codec::Utf8 => match std::str::from_utf8(&bytes) {
            Ok(text) => text.to_string(),
            Err(error) if errors == "strict" => {
                let (start, end, reason) = utf8_reason(&bytes, &error);
                let place = if end - start > 1 {
                    format!("bytes in position {start}-{}", end - 1)
                } else {
                    format!("byte 0x{:02x} in position {start}", bytes[start])
                };
                return Err(Raise::new(
                    "UnicodeDecodeError",
                    format!("'utf-8' codec can't decode {place}: {reason}"),
                )
                .into());
            }
            Err(_) if errors == "ignore" => String::from_utf8_lossy(&bytes).replace('\u{FFFD}', ""),
            Err(_) => String::from_utf8_lossy(&bytes).into_owned(),
        },
    };
    vm.new_result(Object::Str(text))
}

fn hex(vm: &mut Vm, b: ObjId, args: &[ObjId], keywords: Keywords) -> Result<ObjId, Fault> {
    expect_args("bytes.hex", args, keywords, 0, 0)?;
    let text: String = bytes_of(vm, b).iter().map(|b| format!("{b:02x}")).collect();
    vm.new_result(Object::Str(text))
}

fn lower(vm: &mut Vm, b: ObjId, args: &[ObjId], keywords: Keywords) -> Result<ObjId, Fault> {
    expect_args("bytes.lower", args, keywords, 0, 0)?;
    let bytes = bytes_of(vm, b).to_ascii_lowercase();
    vm.new_result(Object::Bytes(bytes))
}

fn upper(vm: &mut Vm, b: ObjId, args: &[ObjId], keywords: Keywords) -> Result<ObjId, Fault> {
    expect_args("bytes.upper", args, keywords, 0, 0)?;
    let bytes = bytes_of(vm, b).to_ascii_uppercase();
    vm.new_result(Object::Bytes(bytes))
}

fn find_bytes(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.is_empty() {
        return Some(0);
    }
    haystack.windows(needle.len()).position(|w| w == needle)
}

fn find(vm: &mut Vm, b: ObjId, args: &[ObjId], keywords: Keywords) -> Result<ObjId, Fault> {
    expect_args("bytes.find", args, keywords, 1, 1)?;
    let needle = bytes_arg(vm, args[0])?;
    let found = find_bytes(&bytes_of(vm, b), &needle);
    Ok(vm.new_int(found.map_or(-1, |i| i as i64).into()))
}

/// Non-overlapping occurrences of `needle` (an empty one is found between every byte).
fn occurrences(haystack: &[u8], needle: &[u8]) -> Vec<usize> {
    if needle.is_empty() {
        return (0..=haystack.len()).collect();
    }
    let mut found = Vec::new();
    let mut at = 0;
    while let Some(offset) = find_bytes(&haystack[at..], needle) {
        found.push(at + offset);
        at += offset + needle.len();
    }
    found
}

fn count(vm: &mut Vm, b: ObjId, args: &[ObjId], keywords: Keywords) -> Result<ObjId, Fault> {
    expect_args("bytes.count", args, keywords, 1, 1)?;
    let needle = bytes_arg(vm, args[0])?;
    let total = occurrences(&bytes_of(vm, b), &needle).len();
    Ok(vm.new_int(total.into()))
}

fn startswith(vm: &mut Vm, b: ObjId, args: &[ObjId], keywords: Keywords) -> Result<ObjId, Fault> {
    expect_args("bytes.startswith", args, keywords, 1, 1)?;
    let prefix = bytes_arg(vm, args[0])?;
    Ok(vm.new_bool(bytes_of(vm, b).starts_with(&prefix)))
}

fn endswith(vm: &mut Vm, b: ObjId, args: &[ObjId], keywords: Keywords) -> Result<ObjId, Fault> {
    expect_args("bytes.endswith", args, keywords, 1, 1)?;
    let suffix = bytes_arg(vm, args[0])?;
    Ok(vm.new_bool(bytes_of(vm, b).ends_with(&suffix)))
}

fn replace(vm: &mut Vm, b: ObjId, args: &[ObjId], keywords: Keywords) -> Result<ObjId, Fault> {
    expect_args("bytes.replace", args, keywords, 2, 2)?;
    let old = bytes_arg(vm, args[0])?;
    let new = bytes_arg(vm, args[1])?;
    let bytes = bytes_of(vm, b);
    let found = occurrences(&bytes, &old);
    if !vm
        .heap
        .can_allocate(bytes.len() + found.len().saturating_mul(new.len()))
    {
        return Err(crate::objects::memory_error().into());
    }
    let mut out = Vec::with_capacity(bytes.len());
    let mut at = 0;
    for position in found {
        out.extend_from_slice(&bytes[at..position]);
        out.extend_from_slice(&new);
        at = position + old.len();
        if old.is_empty() && position < bytes.len() {
            out.push(bytes[position]);
            at = position + 1;
        }
    }
    out.extend_from_slice(bytes.get(at..).unwrap_or_default());
    vm.new_result(Object::Bytes(out))
}

fn join(vm: &mut Vm, b: ObjId, args: &[ObjId], keywords: Keywords) -> Result<ObjId, Fault> {
    expect_args("bytes.join", args, keywords, 1, 1)?;
    let separator = bytes_of(vm, b);
    let items = vm.unpack_all(args[0])?;
    let mut out = Vec::new();
    let mut failure = None;
    for (position, &item) in items.iter().enumerate() {
        match vm.heap.get(item) {
            Some(Object::Bytes(part)) => {
                if position > 0 {
                    out.extend_from_slice(&separator);
                }
                out.extend_from_slice(part);
            }
            other => {
                failure = Some(Raise::new(
                    "TypeError",
                    format!(
                        "sequence item {position}: expected a bytes-like object, {} found",
                        other.map_or("object", Object::type_name)
                    ),
                ));
                break;
            }
        }
    }
    vm.release(&items);
    if let Some(raise) = failure {
        return Err(raise.into());
    }
    vm.new_result(Object::Bytes(out))
}

/// `bytes.split(sep=None)`: on runs of ASCII whitespace, or on `sep`.
fn split(vm: &mut Vm, b: ObjId, args: &[ObjId], keywords: Keywords) -> Result<ObjId, Fault> {
    expect_args("bytes.split", args, keywords, 0, 1)?;
    let bytes = bytes_of(vm, b);
    let parts: Vec<Vec<u8>> = match args.first() {
        Some(&sep) if !matches!(vm.heap.get(sep), Some(Object::None)) => {
            let sep = bytes_arg(vm, sep)?;
            if sep.is_empty() {
                return Err(Raise::new("ValueError", "empty separator").into());
            }
            let mut parts = Vec::new();
            let mut at = 0;
            for position in occurrences(&bytes, &sep) {
                parts.push(bytes[at..position].to_vec());
                at = position + sep.len();
            }
            parts.push(bytes[at..].to_vec());
            parts
        }
        _ => bytes
            .split(|b| b.is_ascii_whitespace() || *b == 0x0b)
            .filter(|part| !part.is_empty())
            .map(<[u8]>::to_vec)
            .collect(),
    };
    let items: Vec<ObjId> = parts
        .into_iter()
        .map(|part| vm.heap.alloc(Object::Bytes(part)))
        .collect();
    vm.new_result(Object::List(items))
}

/// `bytes.strip([chars])`: ASCII whitespace, or the given bytes.
fn strip(vm: &mut Vm, b: ObjId, args: &[ObjId], keywords: Keywords) -> Result<ObjId, Fault> {
    expect_args("bytes.strip", args, keywords, 0, 1)?;
    let set = match args.first() {
        Some(&chars) if !matches!(vm.heap.get(chars), Some(Object::None)) => {
            Some(bytes_arg(vm, chars)?)
        }
        _ => None,
    };
    let strip = |b: &u8| match &set {
        Some(set) => set.contains(b),
        None => b.is_ascii_whitespace() || *b == 0x0b,
    };
    let bytes = bytes_of(vm, b);
    let start = bytes.iter().position(|b| !strip(b)).unwrap_or(bytes.len());
    let end = bytes
        .iter()
        .rposition(|b| !strip(b))
        .map_or(start, |i| i + 1);
    vm.new_result(Object::Bytes(bytes[start..end].to_vec()))
}
