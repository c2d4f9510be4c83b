//! The compile-time errors of `match` patterns: an irrefutable pattern before other cases or
//! alternatives, a name bound twice, a repeated literal key, alternatives binding different
//! names, a value pattern that does not fold to a constant.
//!
//! CPython: `Python/codegen.c` (`codegen_match_inner`, `codegen_pattern_as`,
//! `codegen_pattern_capture`, `codegen_pattern_mapping`, `codegen_pattern_or`,
//! `codegen_pattern_value`). pyxray checks
//! them before code generation; the order (case by case, each pattern depth first) is CPython's.

use pyxray_parser::ast::*;
use pyxray_text::repr::str_repr;
use pyxray_text::TextRange;

/// The first pattern error of a `match` statement's cases.
pub fn first_error(cases: &[MatchCase]) -> Found {
    let last = cases.len().checked_sub(1)?;
    cases.iter().enumerate().find_map(|(index, case)| {
        let allow_irrefutable = case.guard.is_some() || index == last;
        check(&case.pattern, allow_irrefutable, &mut Vec::new())
    })
}

type Found = Option<(String, TextRange)>;

/// `codegen_pattern`: the first error inside `p`; `stores` are the names bound so far.
fn check(p: &Pattern, allow_irrefutable: bool, stores: &mut Vec<String>) -> Found {
    match &p.kind {
        PatternKind::MatchAs {
            pattern: None,
            name,
        } => {
            if !allow_irrefutable {
                let message = match name {
                    Some(name) => format!(
                        "name capture {} makes remaining patterns unreachable",
                        str_repr(name)
                    ),
                    None => "wildcard makes remaining patterns unreachable".to_string(),
                };
                return Some((message, p.range));
            }
            capture(name.as_deref(), p.range, stores)
        }
        PatternKind::MatchAs {
            pattern: Some(inner),
            name,
        } => check(inner, true, stores).or_else(|| capture(name.as_deref(), p.range, stores)),
        PatternKind::MatchStar { name } => capture(name.as_deref(), p.range, stores),
        PatternKind::MatchSequence { patterns } => {
            patterns.iter().find_map(|inner| check(inner, true, stores))
        }
        PatternKind::MatchMapping {
            keys,
            patterns,
            rest,
        } => {
            let mut seen: Vec<&Constant> = Vec::new();
            for key in keys {
                if let ExprKind::Constant { value, .. } = &key.kind {
                    if seen.contains(&value) {
                        let message = format!(
                            "mapping pattern checks duplicate key ({})",
                            pyxray_parser::ast::constant_repr(value)
                        );
                        return Some((message, p.range));
                    }
                    seen.push(value);
                }
            }
            patterns
                .iter()
                .find_map(|inner| check(inner, true, stores))
                .or_else(|| capture(rest.as_deref(), p.range, stores))
        }
        PatternKind::MatchClass {
            patterns,
            kwd_patterns,
            ..
        } => patterns
            .iter()
            .chain(kwd_patterns)
            .find_map(|inner| check(inner, true, stores)),
        PatternKind::MatchOr { patterns } => {
            let last = patterns.len().saturating_sub(1);
            let mut first_names: Option<Vec<String>> = None;
            for (index, alternative) in patterns.iter().enumerate() {
                let mut names = stores.clone();
                let allow = allow_irrefutable && index == last;
                if let Some(error) = check(alternative, allow, &mut names) {
                    return Some(error);
                }
                let mut bound: Vec<String> = names[stores.len()..].to_vec();
                bound.sort();
                match &first_names {
                    None => first_names = Some(bound),
                    Some(first) if *first != bound => {
                        return Some((
                            "alternative patterns bind different names".to_string(),
                            p.range,
                        ))
                    }
                    Some(_) => {}
                }
            }
            stores.extend(first_names.unwrap_or_default());
            None
        }
        PatternKind::MatchValue { value } => match value.kind {
            ExprKind::Constant { .. } | ExprKind::Attribute { .. } => None,
            // `codegen_pattern_value`: `-1` and `1 + 2j` are constants once folded; a complex
            // literal whose real part is too big for a float does not fold.
            _ if crate::codegen::pattern::folded_pattern_value(value).is_some() => None,
            _ => Some((
                "patterns may only match literals and attribute lookups".to_string(),
                p.range,
            )),
        },
        PatternKind::MatchSingleton { .. } => None,
    }
}

/// `codegen_pattern_capture`: a name may be bound once per pattern.
fn capture(name: Option<&str>, range: TextRange, stores: &mut Vec<String>) -> Found {
    let name = name?;
    if stores.iter().any(|stored| stored == name) {
        return Some((
            format!("multiple assignments to name {} in pattern", str_repr(name)),
            range,
        ));
    }
    stores.push(name.to_string());
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn match_error(source: &str) -> Option<String> {
        let module = pyxray_parser::parse_module(source).module.ok()?;
        module.body.iter().find_map(|stmt| match &stmt.kind {
            StmtKind::Match { cases, .. } => first_error(cases).map(|(message, _)| message),
            _ => None,
        })
    }

    #[test]
    fn value_patterns_must_fold_to_constants() {
        assert_eq!(
            match_error("match x:\n    case -1 + 2j:\n        pass\n"),
            None
        );
        assert_eq!(
            match_error("match x:\n    case 1 - 0.5j | -3:\n        pass\n"),
            None
        );
        let huge = format!("1{}", "0".repeat(320));
        assert_eq!(
            match_error(&format!("match x:\n    case {huge} + 1j:\n        pass\n")).as_deref(),
            Some("patterns may only match literals and attribute lookups")
        );
    }

    #[test]
    fn an_irrefutable_case_must_be_last() {
        assert_eq!(
            match_error("match x:\n    case y:\n        pass\n    case 1:\n        pass\n")
                .as_deref(),
            Some("name capture 'y' makes remaining patterns unreachable")
        );
    }
}
