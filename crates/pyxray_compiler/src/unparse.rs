//! Annotations as source text, for `from __future__ import annotations`: the expression
//! printed back with the fewest parentheses, as CPython stores such annotations.
//!
//! CPython: `Python/ast_unparse.c` (`_PyAST_ExprAsUnicode`, `append_ast_expr`). pyxray covers
//! the expressions annotations use (names, attributes, subscripts, constants, operators,
//! calls, displays); others yield `None` and the annotation is reported as not supported.

use pyxray_parser::ast::*;

use crate::codegen::const_value;

/// Operator precedence levels of `ast_unparse.c` (`PR_*`), lowest first.
mod pr {
    pub const TUPLE: u8 = 0;
    pub const TEST: u8 = 1;
    pub const OR: u8 = 2;
    pub const AND: u8 = 3;
    pub const NOT: u8 = 4;
    pub const BOR: u8 = 7;
    pub const BXOR: u8 = 8;
    pub const BAND: u8 = 9;
    pub const SHIFT: u8 = 10;
    pub const ARITH: u8 = 11;
    pub const TERM: u8 = 12;
    pub const FACTOR: u8 = 13;
    pub const POWER: u8 = 14;
    pub const ATOM: u8 = 16;
}

fn binop(op: Operator) -> (&'static str, u8) {
    match op {
        Operator::Add => (" + ", pr::ARITH),
        Operator::Sub => (" - ", pr::ARITH),
        Operator::Mult => (" * ", pr::TERM),
        Operator::MatMult => (" @ ", pr::TERM),
        Operator::Div => (" / ", pr::TERM),
        Operator::Mod => (" % ", pr::TERM),
        Operator::FloorDiv => (" // ", pr::TERM),
        Operator::LShift => (" << ", pr::SHIFT),
        Operator::RShift => (" >> ", pr::SHIFT),
        Operator::BitOr => (" | ", pr::BOR),
        Operator::BitXor => (" ^ ", pr::BXOR),
        Operator::BitAnd => (" & ", pr::BAND),
        Operator::Pow => (" ** ", pr::POWER),
    }
}

/// `_PyAST_ExprAsUnicode`.
pub fn expr_as_unicode(expr: &Expr) -> Option<String> {
    let mut out = String::new();
    append(&mut out, expr, pr::TEST)?;
    Some(out)
}

fn append_list(out: &mut String, items: &[Expr]) -> Option<()> {
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        append(out, item, pr::TEST)?;
    }
    Some(())
}

fn append(out: &mut String, expr: &Expr, level: u8) -> Option<()> {
    match &expr.kind {
        ExprKind::Name { id, .. } => out.push_str(id),
        ExprKind::Constant { value, .. } => match value {
            Constant::Ellipsis => out.push_str("..."),
            other => out.push_str(&const_value(other).repr()),
        },
        ExprKind::Attribute { value, attr, .. } => {
            // An int literal needs a space before the dot (`1 .real`).
            let is_int = matches!(
                value.kind,
                ExprKind::Constant {
                    value: Constant::Int(_),
                    ..
                }
            );
            append(out, value, pr::ATOM)?;
            if is_int {
                out.push(' ');
            }
            out.push('.');
            out.push_str(attr);
        }
        ExprKind::Subscript { value, slice, .. } => {
            append(out, value, pr::ATOM)?;
            out.push('[');
            match &slice.kind {
                ExprKind::Tuple { elts, .. } if !elts.is_empty() => {
                    append_list(out, elts)?;
                    if elts.len() == 1 {
                        out.push(',');
                    }
                }
                _ => append(out, slice, pr::TUPLE)?,
            }
            out.push(']');
        }
        ExprKind::BinOp { left, op, right } => {
            let (text, precedence) = binop(*op);
            let wrap = level > precedence;
            if wrap {
                out.push('(');
            }
            // `**` is right-associative.
            let (left_level, right_level) = if *op == Operator::Pow {
                (precedence + 1, precedence)
            } else {
                (precedence, precedence + 1)
            };
            append(out, left, left_level)?;
            out.push_str(text);
            append(out, right, right_level)?;
            if wrap {
                out.push(')');
            }
        }
        ExprKind::UnaryOp { op, operand } => {
            let (text, precedence) = match op {
                UnaryOp::Invert => ("~", pr::FACTOR),
                UnaryOp::Not => ("not ", pr::NOT),
                UnaryOp::UAdd => ("+", pr::FACTOR),
                UnaryOp::USub => ("-", pr::FACTOR),
            };
            let wrap = level > precedence;
            if wrap {
                out.push('(');
            }
            out.push_str(text);
            append(out, operand, precedence)?;
            if wrap {
                out.push(')');
            }
        }
        ExprKind::Tuple { elts, .. } => {
            if elts.is_empty() {
                out.push_str("()");
            } else {
                let wrap = level > pr::TUPLE;
                if wrap {
                    out.push('(');
                }
                append_list(out, elts)?;
                if elts.len() == 1 {
                    out.push(',');
                }
                if wrap {
                    out.push(')');
                }
            }
        }
        ExprKind::List { elts, .. } => {
            out.push('[');
            append_list(out, elts)?;
            out.push(']');
        }
        ExprKind::Starred { value, .. } => {
            out.push('*');
            append(out, value, pr::BOR)?;
        }
        ExprKind::Call {
            func,
            args,
            keywords,
        } => {
            append(out, func, pr::ATOM)?;
            out.push('(');
            append_list(out, args)?;
            for (i, keyword) in keywords.iter().enumerate() {
                if i > 0 || !args.is_empty() {
                    out.push_str(", ");
                }
                match &keyword.arg {
                    Some(name) => {
                        out.push_str(name);
                        out.push('=');
                    }
                    None => out.push_str("**"),
                }
                append(out, &keyword.value, pr::TEST)?;
            }
            out.push(')');
        }
        ExprKind::BoolOp { op, values } => {
            let (text, precedence) = match op {
                BoolOp::And => (" and ", pr::AND),
                BoolOp::Or => (" or ", pr::OR),
            };
            let wrap = level > precedence;
            if wrap {
                out.push('(');
            }
            for (i, value) in values.iter().enumerate() {
                if i > 0 {
                    out.push_str(text);
                }
                append(out, value, precedence + 1)?;
            }
            if wrap {
                out.push(')');
            }
        }
        _ => return None,
    }
    Some(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unparse(source: &str) -> String {
        let module = pyxray_parser::parse_module(&format!("x: {source}\n"))
            .module
            .expect("parses");
        let StmtKind::AnnAssign { annotation, .. } = &module.body[0].kind else {
            panic!("an annotation");
        };
        expr_as_unicode(annotation).expect("unparses")
    }

    #[test]
    fn annotations_print_as_cpython_stores_them() {
        assert_eq!(
            unparse("dict[str, list[int | None]]"),
            "dict[str, list[int | None]]"
        );
        assert_eq!(unparse("'C'"), "'C'");
        assert_eq!(unparse("tuple[int, ...]"), "tuple[int, ...]");
        assert_eq!(unparse("Callable[[int], str]"), "Callable[[int], str]");
        assert_eq!(unparse("(a | b) & c"), "(a | b) & c");
        assert_eq!(unparse("re.Match[str]"), "re.Match[str]");
    }
}
