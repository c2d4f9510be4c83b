//! `'%s: %r' % (a, b)` with a constant format and a tuple compiles as the f-string
//! `f'{a!s}: {b!r}'` when every conversion is `%s`, `%r` or `%a` (with optional width and
//! precision); anything else stays a `%` operation.
//!
//! CPython: `Python/ast_preprocess.c` (`optimize_format`, `parse_literal`, `parse_format`,
//! `simple_format_arg_parse`), applied to the AST before code generation.

use pyxray_bytecode::code::ConstValue;
use pyxray_bytecode::opcode::Opcode;
use pyxray_parser::ast::*;

use super::{Codegen, Loc};
use crate::CompileError;

/// One piece of the resulting f-string.
enum Piece {
    Literal(String),
    /// Item `index` of the tuple, with its conversion (`s`, `r`, `a`) and format spec.
    Value {
        index: usize,
        conversion: char,
        spec: Option<String>,
    },
}

/// `parse_literal`: text up to the next lone `%`, with `%%` read as `%`.
fn parse_literal(fmt: &[char], pos: &mut usize) -> Option<String> {
    let start = *pos;
    let mut out = String::new();
    while *pos < fmt.len() {
        if fmt[*pos] != '%' {
            out.push(fmt[*pos]);
            *pos += 1;
        } else if *pos + 1 < fmt.len() && fmt[*pos + 1] == '%' {
            out.push('%');
            *pos += 2;
        } else {
            break;
        }
    }
    (*pos > start).then_some(out)
}

/// `simple_format_arg_parse` + `parse_format`: the conversion after a `%`, if simple.
fn parse_format(fmt: &[char], pos: &mut usize) -> Option<(char, Option<String>)> {
    let mut next = || -> Option<char> {
        let ch = *fmt.get(*pos)?;
        *pos += 1;
        Some(ch)
    };
    let mut left_justify = false;
    let mut ch = next()?;
    while matches!(ch, '-' | '+' | ' ' | '#' | '0') {
        if ch == '-' {
            left_justify = true;
        }
        ch = next()?;
    }
    let mut width: Option<u64> = None;
    if ch.is_ascii_digit() {
        let mut w: u64 = 0;
        while ch.is_ascii_digit() {
            w = w.checked_mul(10)?.checked_add(u64::from(ch as u8 - b'0'))?;
            if w > i32::MAX as u64 {
                return None;
            }
            ch = next()?;
        }
        width = Some(w);
    }
    let mut precision: Option<u64> = None;
    if ch == '.' {
        ch = next()?;
        let mut p: u64 = 0;
        while ch.is_ascii_digit() {
            p = p.checked_mul(10)?.checked_add(u64::from(ch as u8 - b'0'))?;
            if p > i32::MAX as u64 {
                return None;
            }
            ch = next()?;
        }
        precision = Some(p);
    }
    if !matches!(ch, 's' | 'r' | 'a') {
        return None;
    }
    let mut spec = String::new();
    if !left_justify && width.is_some_and(|w| w > 0) {
        spec.push('>');
    }
    if let Some(w) = width {
        spec.push_str(&w.to_string());
    }
    if let Some(p) = precision {
        spec.push_str(&format!(".{p}"));
    }
    Some((ch, (!spec.is_empty()).then_some(spec)))
}

/// `optimize_format`: the pieces, or `None` when the format cannot become an f-string.
fn optimize_format(fmt: &str, items: usize) -> Option<Vec<Piece>> {
    let fmt: Vec<char> = fmt.chars().collect();
    let mut pos = 0;
    let mut count = 0;
    let mut pieces = Vec::new();
    loop {
        if let Some(literal) = parse_literal(&fmt, &mut pos) {
            pieces.push(Piece::Literal(literal));
        }
        if pos >= fmt.len() {
            break;
        }
        if count >= items {
            return None;
        }
        pos += 1;
        let (conversion, spec) = parse_format(&fmt, &mut pos)?;
        pieces.push(Piece::Value {
            index: count,
            conversion,
            spec,
        });
        count += 1;
    }
    (count == items).then_some(pieces)
}

impl Codegen<'_> {
    /// Compiles `fmt % (items...)` as an f-string when `optimize_format` allows; false when
    /// the expression must stay a `%` operation.
    pub(crate) fn maybe_percent_format(
        &mut self,
        loc: Loc,
        left: &Expr,
        op: Operator,
        right: &Expr,
    ) -> Result<bool, CompileError> {
        let (
            Operator::Mod,
            ExprKind::Constant {
                value: Constant::Str(fmt),
                ..
            },
            ExprKind::Tuple { elts, .. },
        ) = (op, &left.kind, &right.kind)
        else {
            return Ok(false);
        };
        if elts
            .iter()
            .any(|e| matches!(e.kind, ExprKind::Starred { .. }))
        {
            return Ok(false);
        }
        let Some(pieces) = optimize_format(fmt, elts.len()) else {
            return Ok(false);
        };
        const STACK_USE_GUIDELINE: usize = 30;
        if pieces.len() > STACK_USE_GUIDELINE {
            return Ok(false);
        }
        for piece in &pieces {
            match piece {
                // The literal pieces have no position of their own.
                Piece::Literal(text) => self.load_const(Loc::NONE, ConstValue::Str(text.clone())),
                Piece::Value {
                    index,
                    conversion,
                    spec,
                } => {
                    let item = &elts[*index];
                    let item_loc = self.loc(item.range, item.id);
                    self.visit_expr(item)?;
                    let oparg = match conversion {
                        's' => 1,
                        'r' => 2,
                        _ => 3,
                    };
                    self.addop(item_loc, Opcode::ConvertValue, oparg);
                    match spec {
                        Some(spec) => {
                            self.load_const(Loc::NONE, ConstValue::Str(spec.clone()));
                            self.addop(item_loc, Opcode::FormatWithSpec, 0);
                        }
                        None => self.addop(item_loc, Opcode::FormatSimple, 0),
                    }
                }
            }
        }
        match pieces.len() {
            0 => self.load_const(loc, ConstValue::Str(String::new())),
            1 => {}
            count => self.addop(loc, Opcode::BuildString, count as u32),
        }
        Ok(true)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn simple_conversions_become_pieces() {
        let pieces = optimize_format("%r and %-5s|%3.1a %%", 3).expect("simple");
        assert_eq!(pieces.len(), 6);
        assert!(matches!(&pieces[2], Piece::Value { spec: Some(s), .. } if s == "5"));
        assert!(
            matches!(&pieces[4], Piece::Value { spec: Some(s), conversion: 'a', .. } if s == ">3.1")
        );
        assert!(optimize_format("%d", 1).is_none());
        assert!(optimize_format("%s %s", 1).is_none());
        assert!(optimize_format("%s", 2).is_none());
    }
}
