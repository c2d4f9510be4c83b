//! `str.format`: replacement fields `{name!conversion:spec}` filled from the arguments.
//!
//! CPython: `Objects/stringlib/unicode_format.h` (`MarkupIterator_next`, `parse_field`,
//! `get_field_object`, `render_field`, `build_string`). Each field's value is formatted by
//! `format(value, spec)` (`objects/format.rs`); a spec may itself hold fields, two levels deep.

use super::str::text_of;
use crate::attributes::Attribute;
use crate::builtins::Keywords;
use crate::ceval::ascii;
use crate::heap::ObjId;
use crate::objects::{format_value, repr, str_of, Object, Raise};
use crate::vm::{Fault, Vm};

/// How fields without a name are numbered: not yet decided, automatically, or by hand.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Numbering {
    Unset,
    Automatic(usize),
    Manual,
}

struct Formatter<'a> {
    /// `format_map`: no positional arguments at all.
    mapping_only: bool,
    args: &'a [ObjId],
    keywords: Keywords<'a>,
    numbering: Numbering,
}

/// `str.format(*args, **kwargs)`.
pub(super) fn format(
    vm: &mut Vm,
    s: ObjId,
    args: &[ObjId],
    keywords: Keywords,
) -> Result<ObjId, Fault> {
    let template = text_of(vm, s);
    let mut formatter = Formatter {
        mapping_only: false,
        args,
        keywords,
        numbering: Numbering::Unset,
    };
    let text = formatter.render(vm, &template, 2)?;
    vm.new_result(Object::Str(text))
}

/// `str.format_map(mapping)`: fields by name from a dict.
pub(super) fn format_map(
    vm: &mut Vm,
    s: ObjId,
    args: &[ObjId],
    keywords: Keywords,
) -> Result<ObjId, Fault> {
    super::expect_args("str.format_map", args, keywords, 1, 1)?;
    let pairs = match vm.heap.get(args[0]) {
        Some(Object::Dict(pairs)) => pairs.clone(),
        other => {
            return Err(Raise::new(
                "TypeError",
                format!(
                    "'{}' object is not subscriptable",
                    other.map_or("object", Object::type_name)
                ),
            )
            .into())
        }
    };
    let names: Vec<(String, ObjId)> = pairs
        .iter()
        .filter_map(|&(key, value)| match vm.heap.get(key) {
            Some(Object::Str(name)) => Some((name.clone(), value)),
            _ => None,
        })
        .collect();
    let template = text_of(vm, s);
    let mut formatter = Formatter {
        mapping_only: true,
        args: &[],
        keywords: &names,
        numbering: Numbering::Unset,
    };
    let text = formatter.render(vm, &template, 2)?;
    vm.new_result(Object::Str(text))
}

/// A replacement field's parts: `{name!conversion:spec}`.
struct Field<'a> {
    name: &'a str,
    conversion: Option<char>,
    spec: &'a str,
}

/// `parse_field` as `MarkupIterator_next` calls it: the field starting at byte `start` (just
/// after its `{`), and the byte offset just past its closing `}`.
fn parse_field(text: &str, start: usize) -> Result<(Field<'_>, usize), Fault> {
    let rest = &text[start..];
    let mut chars = rest.char_indices();
    let mut name_end = None;
    let mut delimiter = '}';
    while let Some((at, c)) = chars.next() {
        match c {
            '{' => return Err(value_error("unexpected '{' in field name")),
            '[' => {
                for (_, c) in chars.by_ref() {
                    if c == ']' {
                        break;
                    }
                }
            }
            '}' | '!' | ':' => {
                name_end = Some(at);
                delimiter = c;
                break;
            }
            _ => {}
        }
    }
    let Some(name_end) = name_end else {
        return Err(value_error("expected '}' before end of string"));
    };
    let name = &rest[..name_end];
    let mut conversion = None;
    if delimiter == '!' {
        let Some((_, c)) = chars.next() else {
            return Err(value_error(
                "end of string while looking for conversion specifier",
            ));
        };
        conversion = Some(c);
        match chars.next() {
            None => return Err(value_error("unmatched '{' in format spec")),
            Some((_, c)) if c == ':' || c == '}' => delimiter = c,
            Some(_) => return Err(value_error("expected ':' after conversion specifier")),
        }
    }
    if delimiter == '}' {
        let end = chars.next().map_or(rest.len(), |(at, _)| at);
        let field = Field {
            name,
            conversion,
            spec: "",
        };
        return Ok((field, start + end));
    }
    let spec_start = chars.clone().next().map_or(rest.len(), |(at, _)| at);
    let mut nesting = 1;
    for (at, c) in chars {
        match c {
            '{' => nesting += 1,
            '}' => {
                nesting -= 1;
                if nesting == 0 {
                    let field = Field {
                        name,
                        conversion,
                        spec: &rest[spec_start..at],
                    };
                    return Ok((field, start + at + 1));
                }
            }
            _ => {}
        }
    }
    Err(value_error("unmatched '{' in format spec"))
}

fn value_error(message: &str) -> Fault {
    Raise::new("ValueError", message).into()
}

impl Formatter<'_> {
    /// `build_string`: the template with every field replaced.
    fn render(&mut self, vm: &mut Vm, template: &str, depth: u32) -> Result<String, Fault> {
        if depth == 0 {
            return Err(value_error("Max string recursion exceeded"));
        }
        let mut out = String::with_capacity(template.len());
        let mut chars = template.char_indices().peekable();
        while let Some((at, c)) = chars.next() {
            match c {
                '{' if chars.peek().is_some_and(|&(_, next)| next == '{') => {
                    chars.next();
                    out.push('{');
                }
                '{' => {
                    if at + 1 >= template.len() {
                        return Err(value_error("Single '{' encountered in format string"));
                    }
                    let (field, end) = parse_field(template, at + 1)?;
                    // Skip the characters of the field the loop has not seen yet.
                    while chars.peek().is_some_and(|&(position, _)| position < end) {
                        chars.next();
                    }
                    let text = self.render_field(vm, field, depth)?;
                    if !vm.heap.can_allocate(out.len() + text.len()) {
                        return Err(crate::objects::memory_error().into());
                    }
                    out.push_str(&text);
                }
                '}' if chars.peek().is_some_and(|&(_, next)| next == '}') => {
                    chars.next();
                    out.push('}');
                }
                '}' => return Err(value_error("Single '}' encountered in format string")),
                other => out.push(other),
            }
        }
        Ok(out)
    }

    /// One field: its value, converted and formatted.
    fn render_field(&mut self, vm: &mut Vm, field: Field, depth: u32) -> Result<String, Fault> {
        let Field {
            name,
            conversion,
            spec,
        } = field;
        // The field's own value is numbered before any field nested in its spec.
        let value = self.field_value(vm, name)?;
        let spec = if spec.contains('{') {
            match self.render(vm, spec, depth - 1) {
                Ok(spec) => spec,
                Err(fault) => {
                    vm.heap.decref(value);
                    return Err(fault);
                }
            }
        } else {
            spec.to_string()
        };
        let runs_python = match conversion {
            Some('s') => vm.text_runs_python(value, false),
            None => {
                vm.text_runs_python(value, false) || vm.user_method(value, "__format__").is_some()
            }
            _ => vm.text_runs_python(value, true),
        };
        if runs_python {
            vm.heap.decref(value);
            return Err(Fault::Internal(
                "not supported yet: str.format of an object with its own __str__, __repr__ or \
                 __format__ (f-strings run them)"
                    .to_string(),
            ));
        }
        let result = self.convert_and_format(vm, value, conversion, &spec);
        vm.heap.decref(value);
        Ok(result?)
    }

    fn convert_and_format(
        &self,
        vm: &Vm,
        value: ObjId,
        conversion: Option<char>,
        spec: &str,
    ) -> Result<String, Raise> {
        let converted = match conversion {
            None => return vm.format_object(value, spec),
            Some('r') => repr(&vm.heap, value)?,
            Some('s') => str_of(&vm.heap, value)?,
            Some('a') => ascii(&repr(&vm.heap, value)?),
            Some(other) => {
                return Err(Raise::new(
                    "ValueError",
                    format!("Unknown conversion specifier {other}"),
                ))
            }
        };
        let room = vm.heap.byte_limit().saturating_sub(vm.heap.bytes());
        let object = Object::Str(converted.clone());
        format_value(&object, spec, || Ok(converted.clone()), room)
    }

    /// `get_field_object`: the argument a field names, then its `.attribute`s and `[key]`s.
    /// Returns a new reference.
    fn field_value(&mut self, vm: &mut Vm, name: &str) -> Result<ObjId, Fault> {
        let first_end = name.find(['.', '[']).unwrap_or(name.len());
        let (first, mut rest) = name.split_at(first_end);
        let mut value = if first.is_empty() {
            let index = match self.numbering {
                Numbering::Manual => return Err(value_error(
                    "cannot switch from manual field specification to automatic field numbering",
                )),
                Numbering::Unset => 0,
                Numbering::Automatic(next) => next,
            };
            self.numbering = Numbering::Automatic(index + 1);
            self.positional(index)?
        } else if first.bytes().all(|b| b.is_ascii_digit()) {
            if let Numbering::Automatic(_) = self.numbering {
                return Err(value_error(
                    "cannot switch from automatic field numbering to manual field specification",
                ));
            }
            self.numbering = Numbering::Manual;
            self.positional(first.parse().unwrap_or(usize::MAX))?
        } else {
            match self.keywords.iter().find(|(key, _)| key == first) {
                Some(&(_, value)) => value,
                None => return Err(Raise::new("KeyError", format!("'{first}'")).into()),
            }
        };
        vm.heap.incref(value);
        while !rest.is_empty() {
            let (next, remaining) = if let Some(after) = rest.strip_prefix('.') {
                let end = after.find(['.', '[']).unwrap_or(after.len());
                let attribute = &after[..end];
                (self.attribute(vm, value, attribute), &after[end..])
            } else if let Some(after) = rest.strip_prefix('[') {
                let Some(close) = after.find(']') else {
                    vm.heap.decref(value);
                    return Err(value_error("Missing ']' in format string"));
                };
                let key = &after[..close];
                (self.item(vm, value, key), &after[close + 1..])
            } else {
                vm.heap.decref(value);
                return Err(value_error(
                    "Only '.' or '[' may follow ']' in format field specifier",
                ));
            };
            vm.heap.decref(value);
            value = next?;
            rest = remaining;
        }
        Ok(value)
    }

    fn positional(&self, index: usize) -> Result<ObjId, Fault> {
        if self.mapping_only {
            return Err(value_error("Format string contains positional fields"));
        }
        self.args.get(index).copied().ok_or_else(|| {
            Raise::new(
                "IndexError",
                format!("Replacement index {index} out of range for positional args tuple"),
            )
            .into()
        })
    }

    /// `value.attribute` (`PyObject_GetAttr`); a property's getter cannot run from here yet.
    fn attribute(&self, vm: &mut Vm, value: ObjId, attribute: &str) -> Result<ObjId, Fault> {
        match vm.get_attribute(value, attribute)? {
            Attribute::Value(found) => Ok(found),
            Attribute::Bound { function, receiver } => vm.bind(function, receiver),
            Attribute::Call { function, args, .. } => {
                vm.heap.decref(function);
                vm.release(&args);
                Err(Raise::new(
                    "TypeError",
                    "str.format() reading a property is not supported yet",
                )
                .into())
            }
        }
    }

    /// `value[key]`: an int key when the text is digits, else a str key.
    fn item(&self, vm: &mut Vm, value: ObjId, key: &str) -> Result<ObjId, Fault> {
        let key_object = match key.parse::<usize>() {
            Ok(index) if key.bytes().all(|b| b.is_ascii_digit()) => vm.new_int(index.into()),
            _ => vm.new_str(key.to_string()),
        };
        let result = vm.get_item(value, key_object);
        vm.heap.decref(key_object);
        result
    }
}
