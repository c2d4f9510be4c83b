//! `from __future__ import …` at the top of a module: each feature must exist. CPython checks
//! this right after parsing, so `ast.parse` already refuses `from __future__ import braces`.
//!
//! CPython: `Python/future.c` (`future_parse`, `future_check_features`).

use pyxray_text::LineIndex;

use crate::ast::*;
use crate::errors::SyntaxError;

/// The features `__future__` knows in 3.14 (all mandatory now but `annotations` and
/// `barry_as_FLUFL`, and still importable).
const FEATURES: &[&str] = &[
    "nested_scopes",
    "generators",
    "division",
    "absolute_import",
    "with_statement",
    "print_function",
    "unicode_literals",
    "barry_as_FLUFL",
    "generator_stop",
    "annotations",
];

/// `future_parse`: the future imports that open the module (after a docstring) name known
/// features; "not a chance" for `braces`.
pub(crate) fn check_future_imports(
    module: &Module,
    source: &str,
    lines: &LineIndex,
) -> Result<(), SyntaxError> {
    let mut body = module.body.iter().peekable();
    if body.peek().is_some_and(|stmt| is_docstring(stmt)) {
        body.next();
    }
    for stmt in body {
        let StmtKind::ImportFrom {
            module: Some(name),
            names,
            level: 0,
        } = &stmt.kind
        else {
            break;
        };
        if name != "__future__" {
            break;
        }
        for alias in names {
            let message = match alias.name.as_str() {
                feature if FEATURES.contains(&feature) => continue,
                "braces" => "not a chance".to_string(),
                feature => format!("future feature {feature} is not defined"),
            };
            return Err(SyntaxError::syntax(message, alias.range, source, lines));
        }
    }
    Ok(())
}

fn is_docstring(stmt: &Stmt) -> bool {
    matches!(
        &stmt.kind,
        StmtKind::Expr { value } if matches!(
            value.kind,
            ExprKind::Constant { value: Constant::Str(_), .. }
        )
    )
}

#[cfg(test)]
mod tests {
    use crate::parse_module;

    fn message(source: &str) -> Option<String> {
        parse_module(source).module.err().map(|e| e.message)
    }

    #[test]
    fn unknown_future_features_are_refused_at_the_top_only() {
        assert_eq!(
            message("from __future__ import braces\n").as_deref(),
            Some("not a chance")
        );
        assert_eq!(
            message("'doc'\nfrom __future__ import annotations, spam\n").as_deref(),
            Some("future feature spam is not defined")
        );
        assert_eq!(message("from __future__ import annotations\n"), None);
        // Past the first other statement CPython's compiler, not this check, complains.
        assert_eq!(message("x = 1\nfrom __future__ import spam\n"), None);
    }
}
