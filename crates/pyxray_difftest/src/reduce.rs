//! One-step simplifications of a program, for delta debugging: drop runs of statements
//! (halves, quarters, … single statements, as in Zeller's ddmin), replace a compound
//! statement by one of its blocks, replace an expression by one of its parts or by `0`/`1`,
//! drop list items, call arguments and f-string parts, shorten long number literals.
//!
//! Each variant is only a candidate: the minimiser keeps one when pyxray and CPython still
//! differ the same way on it. CPython has no counterpart; this is pyxray's own test tooling.

use crate::ast::{Expr, FPart, Handler, MatchCase, Program, Stmt};

/// Every one-step simplification of `program`, statement-level ones first.
pub fn reductions(program: &Program) -> Vec<Program> {
    let mut out = block_variants(program);
    out.extend(block_expr_variants(program));
    out
}

/// Smaller versions of a block, by statements.
fn block_variants(block: &[Stmt]) -> Vec<Vec<Stmt>> {
    let mut out = Vec::new();
    // Remove runs of statements: the whole block, halves, quarters, … single statements.
    let mut size = block.len();
    while size > 0 {
        let mut start = 0;
        while start < block.len() {
            let end = (start + size).min(block.len());
            let mut smaller = block[..start].to_vec();
            smaller.extend_from_slice(&block[end..]);
            out.push(smaller);
            start += size;
        }
        size /= 2;
    }
    // Simplify one statement.
    for (index, stmt) in block.iter().enumerate() {
        for replacement in stmt_variants(stmt) {
            let mut smaller = block[..index].to_vec();
            smaller.extend(replacement);
            smaller.extend_from_slice(&block[index + 1..]);
            out.push(smaller);
        }
    }
    out
}

/// Replacements for one compound statement (a list of statements, maybe empty).
fn stmt_variants(stmt: &Stmt) -> Vec<Vec<Stmt>> {
    let mut out = Vec::new();
    match stmt {
        Stmt::If(test, body, orelse) => {
            out.push(body.clone());
            if !orelse.is_empty() {
                out.push(orelse.clone());
                out.push(vec![Stmt::If(test.clone(), body.clone(), Vec::new())]);
            }
            for b in block_variants(body) {
                out.push(vec![Stmt::If(test.clone(), b, orelse.clone())]);
            }
            for o in block_variants(orelse) {
                out.push(vec![Stmt::If(test.clone(), body.clone(), o)]);
            }
        }
        Stmt::While {
            counter,
            limit,
            test,
            body,
            orelse,
        } => {
            let with = |limit: i64, test: Option<Expr>, body: Vec<Stmt>, orelse: Vec<Stmt>| {
                vec![Stmt::While {
                    counter: counter.clone(),
                    limit,
                    test,
                    body,
                    orelse,
                }]
            };
            out.push(body.clone());
            if test.is_some() {
                out.push(with(*limit, None, body.clone(), orelse.clone()));
            }
            if !orelse.is_empty() {
                out.push(orelse.clone());
                out.push(with(*limit, test.clone(), body.clone(), Vec::new()));
            }
            if *limit > 1 {
                out.push(with(1, test.clone(), body.clone(), orelse.clone()));
            }
            for b in block_variants(body) {
                out.push(with(*limit, test.clone(), b, orelse.clone()));
            }
            for o in block_variants(orelse) {
                out.push(with(*limit, test.clone(), body.clone(), o));
            }
        }
        Stmt::For(target, iter, body, orelse) => {
            out.push(body.clone());
            if !orelse.is_empty() {
                out.push(orelse.clone());
                out.push(vec![Stmt::For(
                    target.clone(),
                    iter.clone(),
                    body.clone(),
                    Vec::new(),
                )]);
            }
            for b in block_variants(body) {
                out.push(vec![Stmt::For(
                    target.clone(),
                    iter.clone(),
                    b,
                    orelse.clone(),
                )]);
            }
            for o in block_variants(orelse) {
                out.push(vec![Stmt::For(
                    target.clone(),
                    iter.clone(),
                    body.clone(),
                    o,
                )]);
            }
        }
        Stmt::Def { name, params, body } => {
            for b in block_variants(body) {
                out.push(vec![Stmt::Def {
                    name: name.clone(),
                    params: params.clone(),
                    body: b,
                }]);
            }
        }
        Stmt::Match(subject, cases) => {
            let with = |cases: Vec<MatchCase>| vec![Stmt::Match(subject.clone(), cases)];
            for case in cases {
                out.push(case.body.clone());
            }
            for index in 0..cases.len() {
                if cases.len() > 1 {
                    let mut fewer = cases.clone();
                    fewer.remove(index);
                    out.push(with(fewer));
                }
                if cases[index].guard.is_some() {
                    let mut changed = cases.clone();
                    changed[index].guard = None;
                    out.push(with(changed));
                }
                for b in block_variants(&cases[index].body) {
                    let mut changed = cases.clone();
                    changed[index].body = b;
                    out.push(with(changed));
                }
            }
        }
        Stmt::Class { name, base, body } => {
            for b in block_variants(body) {
                out.push(vec![Stmt::Class {
                    name: name.clone(),
                    base: base.clone(),
                    body: b,
                }]);
            }
        }
        Stmt::Try {
            body,
            handlers,
            orelse,
            finalbody,
        } => {
            let with =
                |body: &[Stmt], handlers: &[Handler], orelse: &[Stmt], finalbody: &[Stmt]| {
                    vec![Stmt::Try {
                        body: body.to_vec(),
                        handlers: handlers.to_vec(),
                        orelse: orelse.to_vec(),
                        finalbody: finalbody.to_vec(),
                    }]
                };
            let mut plain = body.clone();
            plain.extend(finalbody.iter().cloned());
            out.push(plain);
            for index in 0..handlers.len() {
                let mut fewer = handlers.clone();
                fewer.remove(index);
                out.push(with(body, &fewer, orelse, finalbody));
            }
            if !orelse.is_empty() {
                out.push(with(body, handlers, &[], finalbody));
            }
            if !finalbody.is_empty() {
                out.push(with(body, handlers, orelse, &[]));
            }
            for b in block_variants(body) {
                out.push(with(&b, handlers, orelse, finalbody));
            }
            for (index, handler) in handlers.iter().enumerate() {
                for b in block_variants(&handler.body) {
                    let mut changed = handlers.clone();
                    changed[index].body = b;
                    out.push(with(body, &changed, orelse, finalbody));
                }
            }
            for o in block_variants(orelse) {
                out.push(with(body, handlers, &o, finalbody));
            }
            for f in block_variants(finalbody) {
                out.push(with(body, handlers, orelse, &f));
            }
        }
        _ => {}
    }
    out
}

/// Versions of a block with one expression simplified, at any depth.
fn block_expr_variants(block: &[Stmt]) -> Vec<Vec<Stmt>> {
    let mut out = Vec::new();
    for (index, stmt) in block.iter().enumerate() {
        for replacement in stmt_expr_variants(stmt) {
            let mut changed = block.to_vec();
            changed[index] = replacement;
            out.push(changed);
        }
    }
    out
}

fn stmt_expr_variants(stmt: &Stmt) -> Vec<Stmt> {
    let mut out = Vec::new();
    match stmt {
        Stmt::Assign(targets, value) => {
            for v in expr_variants(value) {
                out.push(Stmt::Assign(targets.clone(), v));
            }
        }
        Stmt::AugAssign(target, op, value) => {
            for v in expr_variants(value) {
                out.push(Stmt::AugAssign(target.clone(), op, v));
            }
        }
        Stmt::Expr(value) => {
            for v in expr_variants(value) {
                out.push(Stmt::Expr(v));
            }
        }
        Stmt::If(test, body, orelse) => {
            for t in expr_variants(test) {
                out.push(Stmt::If(t, body.clone(), orelse.clone()));
            }
            for b in block_expr_variants(body) {
                out.push(Stmt::If(test.clone(), b, orelse.clone()));
            }
            for o in block_expr_variants(orelse) {
                out.push(Stmt::If(test.clone(), body.clone(), o));
            }
        }
        Stmt::While {
            counter,
            limit,
            test,
            body,
            orelse,
        } => {
            let with = |test: Option<Expr>, body: Vec<Stmt>, orelse: Vec<Stmt>| Stmt::While {
                counter: counter.clone(),
                limit: *limit,
                test,
                body,
                orelse,
            };
            if let Some(t) = test {
                for v in expr_variants(t) {
                    out.push(with(Some(v), body.clone(), orelse.clone()));
                }
            }
            for b in block_expr_variants(body) {
                out.push(with(test.clone(), b, orelse.clone()));
            }
            for o in block_expr_variants(orelse) {
                out.push(with(test.clone(), body.clone(), o));
            }
        }
        Stmt::For(target, iter, body, orelse) => {
            for v in expr_variants(iter) {
                out.push(Stmt::For(target.clone(), v, body.clone(), orelse.clone()));
            }
            for b in block_expr_variants(body) {
                out.push(Stmt::For(target.clone(), iter.clone(), b, orelse.clone()));
            }
            for o in block_expr_variants(orelse) {
                out.push(Stmt::For(target.clone(), iter.clone(), body.clone(), o));
            }
        }
        Stmt::Return(value) => {
            for v in expr_variants(value) {
                out.push(Stmt::Return(v));
            }
        }
        Stmt::Raise(value) => {
            for v in expr_variants(value) {
                out.push(Stmt::Raise(v));
            }
        }
        Stmt::Def { name, params, body } => {
            for b in block_expr_variants(body) {
                out.push(Stmt::Def {
                    name: name.clone(),
                    params: params.clone(),
                    body: b,
                });
            }
        }
        Stmt::Match(subject, cases) => {
            for v in expr_variants(subject) {
                out.push(Stmt::Match(v, cases.clone()));
            }
            for (index, case) in cases.iter().enumerate() {
                if let Some(guard) = &case.guard {
                    for v in expr_variants(guard) {
                        let mut changed = cases.clone();
                        changed[index].guard = Some(v);
                        out.push(Stmt::Match(subject.clone(), changed));
                    }
                }
                for b in block_expr_variants(&case.body) {
                    let mut changed = cases.clone();
                    changed[index].body = b;
                    out.push(Stmt::Match(subject.clone(), changed));
                }
            }
        }
        Stmt::Class { name, base, body } => {
            for b in block_expr_variants(body) {
                out.push(Stmt::Class {
                    name: name.clone(),
                    base: base.clone(),
                    body: b,
                });
            }
        }
        Stmt::Try {
            body,
            handlers,
            orelse,
            finalbody,
        } => {
            let with =
                |body: Vec<Stmt>, handlers: Vec<Handler>, orelse: Vec<Stmt>, finalbody| Stmt::Try {
                    body,
                    handlers,
                    orelse,
                    finalbody,
                };
            for b in block_expr_variants(body) {
                out.push(with(b, handlers.clone(), orelse.clone(), finalbody.clone()));
            }
            for (index, handler) in handlers.iter().enumerate() {
                for b in block_expr_variants(&handler.body) {
                    let mut changed = handlers.clone();
                    changed[index].body = b;
                    out.push(with(
                        body.clone(),
                        changed,
                        orelse.clone(),
                        finalbody.clone(),
                    ));
                }
            }
            for o in block_expr_variants(orelse) {
                out.push(with(body.clone(), handlers.clone(), o, finalbody.clone()));
            }
            for f in block_expr_variants(finalbody) {
                out.push(with(body.clone(), handlers.clone(), orelse.clone(), f));
            }
        }
        Stmt::Break | Stmt::Continue | Stmt::Pass => {}
    }
    out
}

/// Every one-step simplification of an expression.
pub fn expr_variants(expr: &Expr) -> Vec<Expr> {
    let mut out = Vec::new();
    // The expression's own parts in its place.
    out.extend(children(expr).into_iter().cloned());
    // Fewer items, arguments or parts.
    match expr {
        Expr::List(items) | Expr::Tuple(items) => {
            for index in 0..items.len() {
                let mut fewer = items.clone();
                fewer.remove(index);
                out.push(match expr {
                    Expr::List(_) => Expr::List(fewer),
                    _ => Expr::Tuple(fewer),
                });
            }
        }
        Expr::Call(name, args, keywords) => {
            if !keywords.is_empty() {
                out.push(Expr::Call(name.clone(), args.clone(), Vec::new()));
            }
            for index in 0..args.len() {
                let mut fewer = args.clone();
                fewer.remove(index);
                out.push(Expr::Call(name.clone(), fewer, keywords.clone()));
            }
        }
        Expr::Compare(left, rest) if rest.len() > 1 => {
            for index in 0..rest.len() {
                let mut fewer = rest.clone();
                fewer.remove(index);
                out.push(Expr::Compare(left.clone(), fewer));
            }
        }
        Expr::FString(parts) => {
            for index in 0..parts.len() {
                let mut fewer = parts.clone();
                fewer.remove(index);
                out.push(Expr::FString(fewer));
                if let FPart::Field {
                    value,
                    debug,
                    conversion,
                    spec,
                } = &parts[index]
                {
                    let field = |debug: bool, conversion: Option<char>, spec: Vec<FPart>| {
                        let mut changed = parts.clone();
                        changed[index] = FPart::Field {
                            value: value.clone(),
                            debug,
                            conversion,
                            spec,
                        };
                        Expr::FString(changed)
                    };
                    if *debug {
                        out.push(field(false, *conversion, spec.clone()));
                    }
                    if conversion.is_some() {
                        out.push(field(*debug, None, spec.clone()));
                    }
                    if !spec.is_empty() {
                        out.push(field(*debug, *conversion, Vec::new()));
                    }
                }
            }
        }
        Expr::Lit(text) => {
            // Halve long numbers: a 300-digit int becomes 150 digits.
            let digits = text.trim_start_matches('-');
            if digits.len() > 3 && digits.bytes().all(|b| b.is_ascii_digit()) {
                let sign = &text[..text.len() - digits.len()];
                out.push(Expr::Lit(format!("{sign}{}", &digits[..digits.len() / 2])));
            }
        }
        _ => {}
    }
    // A plain constant.
    for constant in ["0", "1"] {
        if !matches!(expr, Expr::Lit(text) if text.len() <= 1) {
            out.push(Expr::lit(constant));
        }
    }
    // A part simplified, in place.
    for index in 0..children(expr).len() {
        let child = children(expr)[index].clone();
        for variant in expr_variants(&child) {
            let mut changed = expr.clone();
            *children_mut(&mut changed).swap_remove(index) = variant;
            out.push(changed);
        }
    }
    out
}

fn children(expr: &Expr) -> Vec<&Expr> {
    match expr {
        Expr::Lit(_) | Expr::Name(_) => Vec::new(),
        Expr::Unary(_, operand) => vec![operand],
        Expr::BinOp(left, _, right) | Expr::BoolOp(_, left, right) => vec![left, right],
        Expr::Compare(left, rest) => {
            let mut all = vec![&**left];
            all.extend(rest.iter().map(|(_, e)| e));
            all
        }
        Expr::IfExp(body, test, orelse) => vec![body, test, orelse],
        Expr::List(items) | Expr::Tuple(items) => items.iter().collect(),
        Expr::Call(_, args, keywords) => {
            args.iter().chain(keywords.iter().map(|(_, e)| e)).collect()
        }
        Expr::FString(parts) => {
            let mut all = Vec::new();
            fstring_children(parts, &mut all);
            all
        }
        Expr::Subscript(value, index) => vec![value, index],
        Expr::Slice(lower, upper) => lower.iter().chain(upper.iter()).map(|e| &**e).collect(),
        Expr::Attribute(value, _) => vec![value],
        Expr::Dict(items) => items.iter().flat_map(|(k, v)| [k, v]).collect(),
    }
}

fn fstring_children<'a>(parts: &'a [FPart], all: &mut Vec<&'a Expr>) {
    for part in parts {
        if let FPart::Field { value, spec, .. } = part {
            all.push(value);
            fstring_children(spec, all);
        }
    }
}

/// [`children`], mutable, in the same order.
fn children_mut(expr: &mut Expr) -> Vec<&mut Expr> {
    match expr {
        Expr::Lit(_) | Expr::Name(_) => Vec::new(),
        Expr::Unary(_, operand) => vec![operand],
        Expr::BinOp(left, _, right) | Expr::BoolOp(_, left, right) => vec![left, right],
        Expr::Compare(left, rest) => {
            let mut all = vec![&mut **left];
            all.extend(rest.iter_mut().map(|(_, e)| e));
            all
        }
        Expr::IfExp(body, test, orelse) => vec![body, test, orelse],
        Expr::List(items) | Expr::Tuple(items) => items.iter_mut().collect(),
        Expr::Call(_, args, keywords) => args
            .iter_mut()
            .chain(keywords.iter_mut().map(|(_, e)| e))
            .collect(),
        Expr::FString(parts) => {
            let mut all = Vec::new();
            fstring_children_mut(parts, &mut all);
            all
        }
        Expr::Subscript(value, index) => vec![value, index],
        Expr::Slice(lower, upper) => lower
            .iter_mut()
            .chain(upper.iter_mut())
            .map(|e| &mut **e)
            .collect(),
        Expr::Attribute(value, _) => vec![value],
        Expr::Dict(items) => items.iter_mut().flat_map(|(k, v)| [k, v]).collect(),
    }
}

fn fstring_children_mut<'a>(parts: &'a mut [FPart], all: &mut Vec<&'a mut Expr>) {
    for part in parts {
        if let FPart::Field { value, spec, .. } = part {
            all.push(value);
            fstring_children_mut(spec, all);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ast::render_program;

    fn print(args: Vec<Expr>) -> Stmt {
        Stmt::Expr(Expr::Call("print".into(), args, Vec::new()))
    }

    #[test]
    fn statements_are_dropped_in_runs_then_one_by_one() {
        let program: Program = (0..4)
            .map(|i| print(vec![Expr::lit(i.to_string())]))
            .collect();
        let texts: Vec<String> = reductions(&program)
            .iter()
            .map(|p| render_program(p))
            .collect();
        assert_eq!(texts[0], ""); // the whole block
        assert!(texts.contains(&"print(2)\nprint(3)\n".to_string()));
        assert!(texts.contains(&"print(0)\nprint(1)\nprint(3)\n".to_string()));
    }

    #[test]
    fn compound_statements_give_way_to_their_blocks() {
        let program = vec![Stmt::If(
            Expr::Name("a".into()),
            vec![print(vec![])],
            vec![Stmt::Pass],
        )];
        let texts: Vec<String> = reductions(&program)
            .iter()
            .map(|p| render_program(p))
            .collect();
        assert!(texts.contains(&"print()\n".to_string()));
        assert!(texts.contains(&"if a:\n    print()\n".to_string()));
    }

    #[test]
    fn expressions_shrink_to_their_parts() {
        let sum = Expr::bin(Expr::lit("123456"), "+", Expr::Name("n".into()));
        let texts: Vec<String> = expr_variants(&sum).iter().map(|e| e.render()).collect();
        for expected in ["123456", "n", "0", "123 + n", "1 + n", "123456 + 0"] {
            assert!(
                texts.contains(&expected.to_string()),
                "{expected} in {texts:?}"
            );
        }
    }

    #[test]
    fn fstring_fields_lose_conversion_and_spec() {
        let field = FPart::Field {
            value: Expr::Name("x".into()),
            debug: false,
            conversion: Some('r'),
            spec: vec![FPart::Text(">5".into())],
        };
        let texts: Vec<String> = expr_variants(&Expr::FString(vec![field]))
            .iter()
            .map(|e| e.render())
            .collect();
        assert!(texts.contains(&"f\"{x:>5}\"".to_string()));
        assert!(texts.contains(&"f\"{x!r}\"".to_string()));
        assert!(texts.contains(&"f\"\"".to_string()));
    }
}
