//! `str` methods: searching, splitting, stripping, case, padding and translation; the table
//! of every `str` method. The predicates (`isdigit`, …) are in `str_predicates.rs`,
//! `str.format` in `str_format.rs`, `str.encode` and `bytes` in `bytes.rs`.
//!
//! CPython: `Objects/unicodeobject.c` (`unicode_methods[]`), `Objects/stringlib/split.h`,
//! `Objects/stringlib/find.h`. Indices are in characters (code points), as Python counts them.

use num_traits::{Signed, ToPrimitive};

use super::{as_index, expect_args, take_keywords, MethodDef};
use crate::builtins::Keywords;
use crate::heap::ObjId;
use crate::objects::{memory_error, Object, Raise};
use crate::vm::{Fault, Vm};

macro_rules! table {
    ($($name:literal => $call:path),* $(,)?) => {
        &[$(MethodDef { name: $name, call: $call }),*]
    };
}

pub(super) const METHODS: &[MethodDef] = table![
    "capitalize" => capitalize,
    "casefold" => casefold,
    "center" => center,
    "count" => count,
    "encode" => super::bytes::encode,
    "endswith" => endswith,
    "expandtabs" => expandtabs,
    "find" => find,
    "format" => super::str_format::format,
    "format_map" => super::str_format::format_map,
    "index" => index,
    "isalnum" => super::str_predicates::isalnum,
    "isalpha" => super::str_predicates::isalpha,
    "isascii" => super::str_predicates::isascii,
    "isdecimal" => super::str_predicates::isdecimal,
    "isdigit" => super::str_predicates::isdigit,
    "isidentifier" => super::str_predicates::isidentifier,
    "islower" => super::str_predicates::islower,
    "isnumeric" => super::str_predicates::isnumeric,
    "isprintable" => super::str_predicates::isprintable,
    "isspace" => super::str_predicates::isspace,
    "istitle" => super::str_predicates::istitle,
    "isupper" => super::str_predicates::isupper,
    "join" => join,
    "ljust" => ljust,
    "lower" => lower,
    "lstrip" => lstrip,
    "partition" => partition,
    "removeprefix" => removeprefix,
    "removesuffix" => removesuffix,
    "replace" => replace,
    "rfind" => rfind,
    "rindex" => rindex,
    "rjust" => rjust,
    "rpartition" => rpartition,
    "rsplit" => rsplit,
    "rstrip" => rstrip,
    "split" => split,
    "splitlines" => splitlines,
    "startswith" => startswith,
    "strip" => strip,
    "swapcase" => swapcase,
    "title" => title,
    "translate" => translate,
    "upper" => upper,
    "zfill" => zfill,
];

/// The receiver's text.
pub(super) fn text_of(vm: &Vm, id: ObjId) -> String {
    match vm.heap.get(id) {
        Some(Object::Str(s)) => s.clone(),
        _ => String::new(),
    }
}

fn kind_of(vm: &Vm, id: ObjId) -> &'static str {
    vm.heap.get(id).map_or("object", Object::type_name)
}

/// A str argument: "find() argument 1 must be str, not int".
fn str_arg(vm: &Vm, id: ObjId, method: &str, position: usize) -> Result<String, Raise> {
    match vm.heap.get(id) {
        Some(Object::Str(s)) => Ok(s.clone()),
        _ => Err(Raise::new(
            "TypeError",
            format!(
                "{method}() argument {position} must be str, not {}",
                kind_of(vm, id)
            ),
        )),
    }
}

/// `Py_UNICODE_ISSPACE`.
pub(crate) fn is_space(c: char) -> bool {
    c.is_whitespace() || ('\x1c'..='\x1f').contains(&c)
}

/// `ADJUST_INDICES` for the optional `start` and `end` arguments of the search methods:
/// character positions, `start` possibly past the end.
fn bounds(
    vm: &Vm,
    length: usize,
    start: Option<ObjId>,
    end: Option<ObjId>,
) -> Result<(usize, usize), Raise> {
    let index = |id: Option<ObjId>, default: usize| -> Result<usize, Raise> {
        let Some(id) = id else {
            return Ok(default);
        };
        let value = match vm.heap.get(id) {
            Some(Object::None) => return Ok(default),
            Some(Object::Int(_) | Object::Bool(_)) => as_index(vm, id)?,
            _ => {
                return Err(Raise::new(
                    "TypeError",
                    "slice indices must be integers or None or have an __index__ method",
                ))
            }
        };
        let adjusted = if value.is_negative() {
            value + length
        } else {
            value
        };
        Ok(if adjusted.is_negative() {
            0
        } else {
            adjusted.to_usize().unwrap_or(usize::MAX)
        })
    };
    let start = index(start, 0)?;
    let end = index(end, length)?.min(length);
    Ok((start, end))
}

/// The characters `start..end` of `text` as a string, and the byte offset it starts at.
fn window(text: &str, start: usize, end: usize) -> &str {
    let byte = |n: usize| text.char_indices().nth(n).map_or(text.len(), |(b, _)| b);
    let (from, to) = (byte(start), byte(end));
    text.get(from..to).unwrap_or("")
}

fn chars_before(text: &str, byte: usize) -> usize {
    text.get(..byte).map_or(0, |prefix| prefix.chars().count())
}

/// The position of `sub` in `text[start:end]` (`rfind` from the right), in characters.
fn search(
    vm: &Vm,
    name: &str,
    receiver: ObjId,
    args: &[ObjId],
    keywords: Keywords,
    from_right: bool,
) -> Result<Option<usize>, Raise> {
    expect_args(&format!("str.{name}"), args, keywords, 1, 3)?;
    let text = text_of(vm, receiver);
    let sub = str_arg(vm, args[0], name, 1)?;
    let length = text.chars().count();
    let (start, end) = bounds(vm, length, args.get(1).copied(), args.get(2).copied())?;
    if start > length || start > end {
        return Ok(None);
    }
    let haystack = window(&text, start, end);
    let found = if from_right {
        haystack.rfind(sub.as_str())
    } else {
        haystack.find(sub.as_str())
    };
    Ok(found.map(|byte| start + chars_before(haystack, byte)))
}

fn find(vm: &mut Vm, s: ObjId, args: &[ObjId], keywords: Keywords) -> Result<ObjId, Fault> {
    let found = search(vm, "find", s, args, keywords, false)?;
    Ok(vm.new_int(found.map_or(-1, |i| i as i64).into()))
}

fn rfind(vm: &mut Vm, s: ObjId, args: &[ObjId], keywords: Keywords) -> Result<ObjId, Fault> {
    let found = search(vm, "rfind", s, args, keywords, true)?;
    Ok(vm.new_int(found.map_or(-1, |i| i as i64).into()))
}

fn index(vm: &mut Vm, s: ObjId, args: &[ObjId], keywords: Keywords) -> Result<ObjId, Fault> {
    match search(vm, "index", s, args, keywords, false)? {
        Some(i) => Ok(vm.new_int(i.into())),
        None => Err(Raise::new("ValueError", "substring not found").into()),
    }
}

fn rindex(vm: &mut Vm, s: ObjId, args: &[ObjId], keywords: Keywords) -> Result<ObjId, Fault> {
    match search(vm, "rindex", s, args, keywords, true)? {
        Some(i) => Ok(vm.new_int(i.into())),
        None => Err(Raise::new("ValueError", "substring not found").into()),
    }
}

/// `str.count(sub[, start[, end]])`: non-overlapping occurrences.
fn count(vm: &mut Vm, s: ObjId, args: &[ObjId], keywords: Keywords) -> Result<ObjId, Fault> {
    expect_args("str.count", args, keywords, 1, 3)?;
    let text = text_of(vm, s);
    let sub = str_arg(vm, args[0], "count", 1)?;
    let length = text.chars().count();
    let (start, end) = bounds(vm, length, args.get(1).copied(), args.get(2).copied())?;
    let total = if start > length || start > end {
        0
    } else if sub.is_empty() {
        end - start + 1
    } else {
        window(&text, start, end).matches(sub.as_str()).count()
    };
    Ok(vm.new_int(total.into()))
}

/// `startswith`/`endswith`: a str or a tuple of them, within `[start:end]`.
fn affix(
    vm: &mut Vm,
    name: &str,
    receiver: ObjId,
    args: &[ObjId],
    keywords: Keywords,
) -> Result<ObjId, Fault> {
    expect_args(&format!("str.{name}"), args, keywords, 1, 3)?;
    let text = text_of(vm, receiver);
    let length = text.chars().count();
    let candidates = match vm.heap.get(args[0]) {
        Some(Object::Str(_)) => vec![args[0]],
        Some(Object::Tuple(items)) => items.clone(),
        _ => {
            return Err(Raise::new(
                "TypeError",
                format!(
                    "{name} first arg must be str or a tuple of str, not {}",
                    kind_of(vm, args[0])
                ),
            )
            .into())
        }
    };
    let (start, end) = bounds(vm, length, args.get(1).copied(), args.get(2).copied())?;
    let haystack = window(&text, start, end);
    // Tuple items are checked in order: the first match answers, before later items are
    // even type-checked.
    for candidate in candidates {
        let Some(Object::Str(candidate)) = vm.heap.get(candidate) else {
            return Err(Raise::new(
                "TypeError",
                format!(
                    "tuple for {name} must only contain str, not {}",
                    kind_of(vm, candidate)
                ),
            )
            .into());
        };
        let matched = start <= length
            && start <= end
            && if name == "startswith" {
                haystack.starts_with(candidate.as_str())
            } else {
                haystack.ends_with(candidate.as_str())
            };
        if matched {
            return Ok(vm.new_bool(true));
        }
    }
    Ok(vm.new_bool(false))
}

fn startswith(vm: &mut Vm, s: ObjId, args: &[ObjId], keywords: Keywords) -> Result<ObjId, Fault> {
    affix(vm, "startswith", s, args, keywords)
}

fn endswith(vm: &mut Vm, s: ObjId, args: &[ObjId], keywords: Keywords) -> Result<ObjId, Fault> {
    affix(vm, "endswith", s, args, keywords)
}

/// `str.join(iterable)`.
fn join(vm: &mut Vm, s: ObjId, args: &[ObjId], keywords: Keywords) -> Result<ObjId, Fault> {
    expect_args("str.join", args, keywords, 1, 1)?;
    let separator = text_of(vm, s);
    let items = match vm.unpack_all(args[0]) {
        Ok(items) => items,
        Err(Fault::Raise(raise)) if raise.message.ends_with("is not iterable") => {
            return Err(Raise::new("TypeError", "can only join an iterable").into())
        }
        Err(fault) => return Err(fault),
    };
    let mut parts = Vec::with_capacity(items.len());
    let mut failure = None;
    for (position, &item) in items.iter().enumerate() {
        match vm.heap.get(item) {
            Some(Object::Str(part)) => parts.push(part.as_str()),
            _ => {
                failure = Some(Raise::new(
                    "TypeError",
                    format!(
                        "sequence item {position}: expected str instance, {} found",
                        kind_of(vm, item)
                    ),
                ));
                break;
            }
        }
    }
    let total: usize = parts.iter().map(|p| p.len()).sum::<usize>() + separator.len() * parts.len();
    let joined = match failure {
        Some(raise) => Err(raise),
        None if !vm.heap.can_allocate(total) => Err(memory_error()),
        None => Ok(parts.join(&separator)),
    };
    vm.release(&items);
    let joined = joined?;
    vm.new_result(Object::Str(joined))
}

/// The `sep` and `maxsplit` arguments of `split` and `rsplit`.
fn split_arguments(
    vm: &Vm,
    name: &str,
    args: &[ObjId],
    keywords: Keywords,
) -> Result<(Option<String>, Option<usize>), Raise> {
    if args.len() > 2 {
        return Err(Raise::new(
            "TypeError",
            format!(
                "{name}() takes at most 2 arguments ({} given)",
                args.len() + keywords.len()
            ),
        ));
    }
    let mut sep = args.first().copied();
    let mut maxsplit = args.get(1).copied();
    for (keyword, value) in take_keywords(name, keywords, &["sep", "maxsplit"])? {
        if keyword == "sep" {
            sep = Some(value);
        } else {
            maxsplit = Some(value);
        }
    }
    let sep = match sep.map(|id| (id, vm.heap.get(id))) {
        None | Some((_, Some(Object::None))) => None,
        Some((_, Some(Object::Str(s)))) if s.is_empty() => {
            return Err(Raise::new("ValueError", "empty separator"))
        }
        Some((_, Some(Object::Str(s)))) => Some(s.clone()),
        Some((id, _)) => {
            return Err(Raise::new(
                "TypeError",
                format!("must be str or None, not {}", kind_of(vm, id)),
            ))
        }
    };
    let maxsplit = match maxsplit {
        Some(id) => usize::try_from(super::as_ssize(vm, id)?).ok(),
        None => None,
    };
    Ok((sep, maxsplit))
}

/// Splits on runs of whitespace, at most `maxsplit` times from the left.
fn split_whitespace(text: &str, maxsplit: Option<usize>) -> Vec<String> {
    let mut parts = Vec::new();
    let mut rest = text.trim_start_matches(is_space);
    while !rest.is_empty() {
        if maxsplit == Some(parts.len()) {
            parts.push(rest.to_string());
            break;
        }
        match rest.find(is_space) {
            Some(at) => {
                parts.push(rest[..at].to_string());
                rest = rest[at..].trim_start_matches(is_space);
            }
            None => {
                parts.push(rest.to_string());
                break;
            }
        }
    }
    parts
}

/// Splits on runs of whitespace, at most `maxsplit` times from the right.
fn rsplit_whitespace(text: &str, maxsplit: Option<usize>) -> Vec<String> {
    let mut parts = Vec::new();
    let mut rest = text.trim_end_matches(is_space);
    while !rest.is_empty() {
        if maxsplit == Some(parts.len()) {
            parts.push(rest.to_string());
            break;
        }
        match rest.rfind(is_space) {
            Some(at) => {
                let width = rest[at..].chars().next().map_or(1, char::len_utf8);
                parts.push(rest[at + width..].to_string());
                rest = rest[..at].trim_end_matches(is_space);
            }
            None => {
                parts.push(rest.to_string());
                break;
            }
        }
    }
    parts.reverse();
    parts
}

fn new_str_list(vm: &mut Vm, parts: Vec<String>) -> Result<ObjId, Fault> {
    let total: usize = parts.iter().map(|p| p.len() + 16).sum();
    if !vm.heap.can_allocate(total + 8 * parts.len()) {
        return Err(memory_error().into());
    }
    let items: Vec<ObjId> = parts.into_iter().map(|part| vm.new_str(part)).collect();
    vm.new_result(Object::List(items))
}

/// `str.split(sep=None, maxsplit=-1)`.
fn split(vm: &mut Vm, s: ObjId, args: &[ObjId], keywords: Keywords) -> Result<ObjId, Fault> {
    let (sep, maxsplit) = split_arguments(vm, "split", args, keywords)?;
    let text = text_of(vm, s);
    let parts = match (sep, maxsplit) {
        (None, maxsplit) => split_whitespace(&text, maxsplit),
        (Some(sep), Some(n)) => text.splitn(n + 1, sep.as_str()).map(String::from).collect(),
        (Some(sep), None) => text.split(sep.as_str()).map(String::from).collect(),
    };
    new_str_list(vm, parts)
}

/// `str.rsplit(sep=None, maxsplit=-1)`.
fn rsplit(vm: &mut Vm, s: ObjId, args: &[ObjId], keywords: Keywords) -> Result<ObjId, Fault> {
    let (sep, maxsplit) = split_arguments(vm, "rsplit", args, keywords)?;
    let text = text_of(vm, s);
    let parts = match (sep, maxsplit) {
        (None, maxsplit) => rsplit_whitespace(&text, maxsplit),
        (Some(sep), Some(n)) => {
            let mut parts: Vec<String> = text
                .rsplitn(n + 1, sep.as_str())
                .map(String::from)
                .collect();
            parts.reverse();
            parts
        }
        (Some(sep), None) => text.split(sep.as_str()).map(String::from).collect(),
    };
    new_str_list(vm, parts)
}

/// Whether `c` ends a line for `splitlines`.
fn is_line_break(c: char) -> bool {
    matches!(
        c,
        '\n' | '\r'
            | '\x0b'
            | '\x0c'
            | '\x1c'
            | '\x1d'
            | '\x1e'
            | '\u{85}'
            | '\u{2028}'
            | '\u{2029}'
    )
}

/// `str.splitlines(keepends=False)`.
fn splitlines(vm: &mut Vm, s: ObjId, args: &[ObjId], keywords: Keywords) -> Result<ObjId, Fault> {
    let mut keep = args.first().copied();
    if args.len() > 1 {
        return Err(Raise::new(
            "TypeError",
            format!(
                "splitlines() takes at most 1 argument ({} given)",
                args.len()
            ),
        )
        .into());
    }
    for (_, value) in take_keywords("splitlines", keywords, &["keepends"])? {
        keep = Some(value);
    }
    let keepends = keep.is_some_and(|id| crate::objects::is_true(&vm.heap, id));
    let text = text_of(vm, s);
    let mut parts = Vec::new();
    let mut line = String::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if !is_line_break(c) {
            line.push(c);
            continue;
        }
        let mut ending = c.to_string();
        if c == '\r' && chars.peek() == Some(&'\n') {
            chars.next();
            ending.push('\n');
        }
        if keepends {
            line.push_str(&ending);
        }
        parts.push(std::mem::take(&mut line));
    }
    if !line.is_empty() {
        parts.push(line);
    }
    new_str_list(vm, parts)
}

/// `strip`/`lstrip`/`rstrip`: whitespace, or the characters of the argument.
fn strip_with(
    vm: &mut Vm,
    name: &str,
    s: ObjId,
    args: &[ObjId],
    keywords: Keywords,
) -> Result<ObjId, Fault> {
    expect_args(&format!("str.{name}"), args, keywords, 0, 1)?;
    let text = text_of(vm, s);
    let chars: Option<Vec<char>> = match args.first().map(|&id| vm.heap.get(id)) {
        None | Some(Some(Object::None)) => None,
        Some(Some(Object::Str(set))) => Some(set.chars().collect()),
        Some(_) => {
            return Err(Raise::new("TypeError", format!("{name} arg must be None or str")).into())
        }
    };
    let strip = |c: char| match &chars {
        Some(set) => set.contains(&c),
        None => is_space(c),
    };
    let result = match name {
        "lstrip" => text.trim_start_matches(strip),
        "rstrip" => text.trim_end_matches(strip),
        _ => text.trim_matches(strip),
    };
    vm.new_result(Object::Str(result.to_string()))
}

fn strip(vm: &mut Vm, s: ObjId, args: &[ObjId], keywords: Keywords) -> Result<ObjId, Fault> {
    strip_with(vm, "strip", s, args, keywords)
}

fn lstrip(vm: &mut Vm, s: ObjId, args: &[ObjId], keywords: Keywords) -> Result<ObjId, Fault> {
    strip_with(vm, "lstrip", s, args, keywords)
}

fn rstrip(vm: &mut Vm, s: ObjId, args: &[ObjId], keywords: Keywords) -> Result<ObjId, Fault> {
    strip_with(vm, "rstrip", s, args, keywords)
}

/// The titlecase form of the Latin digraphs (`ǆ` → `ǅ`): the characters whose title form
/// differs from their upper form.
fn digraph_title(c: char) -> Option<char> {
    match c {
        '\u{1C4}'..='\u{1C6}' => Some('\u{1C5}'),
        '\u{1C7}'..='\u{1C9}' => Some('\u{1C8}'),
        '\u{1CA}'..='\u{1CC}' => Some('\u{1CB}'),
        '\u{1F1}'..='\u{1F3}' => Some('\u{1F2}'),
        _ => None,
    }
}

/// `Py_UNICODE_ISTITLE`: the titlecase digraphs.
pub(super) fn is_titlecase(c: char) -> bool {
    matches!(c, '\u{1C5}' | '\u{1C8}' | '\u{1CB}' | '\u{1F2}')
}

/// Whether `c` has case (`Py_UNICODE_ISUPPER || ISLOWER || ISTITLE`).
pub(super) fn is_cased(c: char) -> bool {
    c.is_uppercase() || c.is_lowercase() || is_titlecase(c)
}

/// `_PyUnicode_ToTitleFull`.
fn to_title(c: char) -> String {
    match digraph_title(c) {
        Some(title) => title.to_string(),
        None => c.to_uppercase().collect(),
    }
}

/// A method taking no arguments that maps the text to new text.
macro_rules! transform {
    ($name:ident, $qualified:literal, $body:expr) => {
        fn $name(
            vm: &mut Vm,
            s: ObjId,
            args: &[ObjId],
            keywords: Keywords,
        ) -> Result<ObjId, Fault> {
            expect_args($qualified, args, keywords, 0, 0)?;
            let text = text_of(vm, s);
            let change: fn(&str) -> String = $body;
            vm.new_result(Object::Str(change(&text)))
        }
    };
}

transform!(lower, "str.lower", |t| t.to_lowercase());
transform!(upper, "str.upper", |t| t.to_uppercase());
transform!(casefold, "str.casefold", |t| t
    .to_lowercase()
    .replace('ß', "ss"));
transform!(swapcase, "str.swapcase", |t| {
    t.chars()
        .flat_map(|c| -> Vec<char> {
            if c.is_uppercase() {
                c.to_lowercase().collect()
            } else if c.is_lowercase() {
                c.to_uppercase().collect()
            } else {
                vec![c]
            }
        })
        .collect()
});
transform!(title, "str.title", |t| {
    let mut out = String::with_capacity(t.len());
    let mut previous_cased = false;
    for c in t.chars() {
        if previous_cased {
            out.extend(c.to_lowercase());
        } else {
            out.push_str(&to_title(c));
        }
        previous_cased = is_cased(c);
    }
    out
});
transform!(capitalize, "str.capitalize", |t| {
    let mut chars = t.chars();
    match chars.next() {
        Some(first) => first
            .to_uppercase()
            .chain(chars.as_str().to_lowercase().chars())
            .collect(),
        None => String::new(),
    }
});

/// A width argument (`Py_ssize_t`): negative widths pad nothing; one past `isize::MAX` is
/// CPython's OverflowError.
fn width_arg(vm: &Vm, id: ObjId) -> Result<usize, Raise> {
    let width = as_index(vm, id)?;
    match width.to_i64() {
        Some(w) => Ok(usize::try_from(w).unwrap_or(0)),
        None => Err(Raise::new(
            "OverflowError",
            "Python int too large to convert to C ssize_t",
        )),
    }
}

/// The width and fill character of `center`, `ljust` and `rjust`.
fn padding(
    vm: &Vm,
    name: &str,
    args: &[ObjId],
    keywords: Keywords,
) -> Result<(usize, char), Raise> {
    expect_args(&format!("str.{name}"), args, keywords, 1, 2)?;
    let width = width_arg(vm, args[0])?;
    let fill = match args.get(1).map(|&id| vm.heap.get(id)) {
        None => ' ',
        Some(Some(Object::Str(s))) => {
            let mut chars = s.chars();
            match (chars.next(), chars.next()) {
                (Some(c), None) => c,
                _ => {
                    return Err(Raise::new(
                        "TypeError",
                        "The fill character must be exactly one character long",
                    ))
                }
            }
        }
        Some(_) => {
            return Err(Raise::new(
                "TypeError",
                format!(
                    "The fill character must be a unicode character, not {}",
                    kind_of(vm, args[1])
                ),
            ))
        }
    };
    if !vm.heap.can_allocate(width.saturating_mul(4)) {
        return Err(memory_error());
    }
    Ok((width, fill))
}

fn pad_text(text: &str, left: usize, right: usize, fill: char) -> String {
    let fill = fill.to_string();
    format!("{}{text}{}", fill.repeat(left), fill.repeat(right))
}

fn center(vm: &mut Vm, s: ObjId, args: &[ObjId], keywords: Keywords) -> Result<ObjId, Fault> {
    let (width, fill) = padding(vm, "center", args, keywords)?;
    let text = text_of(vm, s);
    let length = text.chars().count();
    let margin = width.saturating_sub(length);
    let left = margin / 2 + (margin & width & 1);
    vm.new_result(Object::Str(pad_text(&text, left, margin - left, fill)))
}

fn ljust(vm: &mut Vm, s: ObjId, args: &[ObjId], keywords: Keywords) -> Result<ObjId, Fault> {
    let (width, fill) = padding(vm, "ljust", args, keywords)?;
    let text = text_of(vm, s);
    let margin = width.saturating_sub(text.chars().count());
    vm.new_result(Object::Str(pad_text(&text, 0, margin, fill)))
}

fn rjust(vm: &mut Vm, s: ObjId, args: &[ObjId], keywords: Keywords) -> Result<ObjId, Fault> {
    let (width, fill) = padding(vm, "rjust", args, keywords)?;
    let text = text_of(vm, s);
    let margin = width.saturating_sub(text.chars().count());
    vm.new_result(Object::Str(pad_text(&text, margin, 0, fill)))
}

/// `str.zfill(width)`: zeros on the left, after a sign.
fn zfill(vm: &mut Vm, s: ObjId, args: &[ObjId], keywords: Keywords) -> Result<ObjId, Fault> {
    expect_args("str.zfill", args, keywords, 1, 1)?;
    let width = width_arg(vm, args[0])?;
    if !vm.heap.can_allocate(width) {
        return Err(memory_error().into());
    }
    let text = text_of(vm, s);
    let margin = width.saturating_sub(text.chars().count());
    let result = match text.strip_prefix(['+', '-']) {
        Some(rest) if margin > 0 => format!("{}{}{rest}", &text[..1], "0".repeat(margin)),
        _ => format!("{}{text}", "0".repeat(margin)),
    };
    vm.new_result(Object::Str(result))
}

/// `partition`/`rpartition`: `(head, sep, tail)`.
fn partition_with(
    vm: &mut Vm,
    name: &str,
    s: ObjId,
    args: &[ObjId],
    keywords: Keywords,
) -> Result<ObjId, Fault> {
    expect_args(&format!("str.{name}"), args, keywords, 1, 1)?;
    let text = text_of(vm, s);
    let sep = match vm.heap.get(args[0]) {
        Some(Object::Str(sep)) if sep.is_empty() => {
            return Err(Raise::new("ValueError", "empty separator").into())
        }
        Some(Object::Str(sep)) => sep.clone(),
        _ => {
            return Err(Raise::new(
                "TypeError",
                format!("must be str, not {}", kind_of(vm, args[0])),
            )
            .into())
        }
    };
    let found = if name == "partition" {
        text.find(sep.as_str())
    } else {
        text.rfind(sep.as_str())
    };
    let parts = match found {
        Some(at) => [
            text[..at].to_string(),
            sep.clone(),
            text[at + sep.len()..].to_string(),
        ],
        None if name == "partition" => [text, String::new(), String::new()],
        None => [String::new(), String::new(), text],
    };
    let items: Vec<ObjId> = parts.into_iter().map(|part| vm.new_str(part)).collect();
    vm.new_result(Object::Tuple(items))
}

fn partition(vm: &mut Vm, s: ObjId, args: &[ObjId], keywords: Keywords) -> Result<ObjId, Fault> {
    partition_with(vm, "partition", s, args, keywords)
}

fn rpartition(vm: &mut Vm, s: ObjId, args: &[ObjId], keywords: Keywords) -> Result<ObjId, Fault> {
    partition_with(vm, "rpartition", s, args, keywords)
}

/// `str.replace(old, new, /, count=-1)`.
fn replace(vm: &mut Vm, s: ObjId, args: &[ObjId], keywords: Keywords) -> Result<ObjId, Fault> {
    let mut count = args.get(2).copied();
    for (_, value) in take_keywords("replace", keywords, &["count"])? {
        count = Some(value);
    }
    if args.len() < 2 || args.len() > 3 {
        let bound = if args.len() < 2 { "least 2" } else { "most 3" };
        return Err(Raise::new(
            "TypeError",
            format!(
                "replace() takes at {bound} positional arguments ({} given)",
                args.len()
            ),
        )
        .into());
    }
    let old = str_arg(vm, args[0], "replace", 1)?;
    let new = str_arg(vm, args[1], "replace", 2)?;
    let count = match count {
        Some(id) => usize::try_from(super::as_ssize(vm, id)?).ok(),
        None => None,
    };
    let text = text_of(vm, s);
    let occurrences = if old.is_empty() {
        text.chars().count() + 1
    } else {
        text.matches(old.as_str()).count()
    };
    let replaced = count.map_or(occurrences, |n| n.min(occurrences));
    let size = text.len() + replaced.saturating_mul(new.len());
    if !vm.heap.can_allocate(size) {
        return Err(memory_error().into());
    }
    let result = match count {
        Some(n) => text.replacen(old.as_str(), &new, n),
        None => text.replace(old.as_str(), &new),
    };
    vm.new_result(Object::Str(result))
}

/// `str.expandtabs(tabsize=8)`.
fn expandtabs(vm: &mut Vm, s: ObjId, args: &[ObjId], keywords: Keywords) -> Result<ObjId, Fault> {
    let mut size = args.first().copied();
    if args.len() > 1 {
        return Err(Raise::new(
            "TypeError",
            format!(
                "expandtabs() takes at most 1 argument ({} given)",
                args.len()
            ),
        )
        .into());
    }
    for (_, value) in take_keywords("expandtabs", keywords, &["tabsize"])? {
        size = Some(value);
    }
    let tabsize = match size {
        Some(id) => i64::from(super::as_c_int(vm, id)?),
        None => 8,
    };
    let text = text_of(vm, s);
    let tabs = text.matches('\t').count();
    if tabsize > 0 && !vm.heap.can_allocate(tabs.saturating_mul(tabsize as usize)) {
        return Err(memory_error().into());
    }
    let mut out = String::with_capacity(text.len());
    let mut column = 0i64;
    for c in text.chars() {
        match c {
            '\t' if tabsize > 0 => {
                let spaces = tabsize - column % tabsize;
                out.push_str(&" ".repeat(spaces as usize));
                column += spaces;
            }
            '\t' => {}
            '\n' | '\r' => {
                out.push(c);
                column = 0;
            }
            _ => {
                out.push(c);
                column += 1;
            }
        }
    }
    vm.new_result(Object::Str(out))
}

/// `removeprefix`/`removesuffix`: the text without the affix, when it has it.
fn remove_affix(
    vm: &mut Vm,
    name: &str,
    s: ObjId,
    args: &[ObjId],
    keywords: Keywords,
) -> Result<ObjId, Fault> {
    expect_args(&format!("str.{name}"), args, keywords, 1, 1)?;
    let affix = str_arg(vm, args[0], name, 1)?;
    let text = text_of(vm, s);
    let result = if name == "removeprefix" {
        text.strip_prefix(affix.as_str())
    } else {
        text.strip_suffix(affix.as_str())
    };
    match result {
        Some(rest) => vm.new_result(Object::Str(rest.to_string())),
        None => {
            vm.heap.incref(s);
            Ok(s)
        }
    }
}

fn removeprefix(vm: &mut Vm, s: ObjId, args: &[ObjId], keywords: Keywords) -> Result<ObjId, Fault> {
    remove_affix(vm, "removeprefix", s, args, keywords)
}

fn removesuffix(vm: &mut Vm, s: ObjId, args: &[ObjId], keywords: Keywords) -> Result<ObjId, Fault> {
    remove_affix(vm, "removesuffix", s, args, keywords)
}

/// `str.translate(table)`: each character looked up by its code in a dict; a str value
/// replaces it, None deletes it, a missing key keeps it.
fn translate(vm: &mut Vm, s: ObjId, args: &[ObjId], keywords: Keywords) -> Result<ObjId, Fault> {
    expect_args("str.translate", args, keywords, 1, 1)?;
    let text = text_of(vm, s);
    let table = args[0];
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        let code = vm.new_int(u32::from(c).into());
        let found = vm.get_item(table, code);
        vm.heap.decref(code);
        let replacement = match found {
            Ok(value) => value,
            Err(fault) if vm.fault_matches(&fault, "LookupError") => {
                vm.discard_fault(fault);
                out.push(c);
                continue;
            }
            Err(fault) => return Err(fault),
        };
        let piece = match vm.heap.get(replacement) {
            Some(Object::Str(piece)) => Ok(piece.clone()),
            Some(Object::None) => Ok(String::new()),
            Some(Object::Int(i)) => match i.to_u32().and_then(char::from_u32) {
                Some(c) => Ok(c.to_string()),
                None => Err(Raise::new(
                    "ValueError",
                    "character mapping must be in range(0x110000)",
                )),
            },
            _ => Err(Raise::new(
                "TypeError",
                "character mapping must return integer, None or str",
            )),
        };
        vm.heap.decref(replacement);
        out.push_str(&piece?);
        if !vm.heap.can_allocate(out.len()) {
            return Err(memory_error().into());
        }
    }
    vm.new_result(Object::Str(out))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whitespace_splits_keep_the_unsplit_rest() {
        assert_eq!(split_whitespace("  a  b  c  ", Some(1)), ["a", "b  c  "]);
        assert_eq!(rsplit_whitespace("  a  b  c  ", Some(1)), ["  a  b", "c"]);
        assert_eq!(split_whitespace(" \t\n", None), Vec::<String>::new());
        assert_eq!(split_whitespace("a b", Some(0)), ["a b"]);
    }

    #[test]
    fn windows_count_characters() {
        assert_eq!(window("héllo", 1, 3), "él");
        assert_eq!(chars_before("héllo", 3), 2);
    }
}
