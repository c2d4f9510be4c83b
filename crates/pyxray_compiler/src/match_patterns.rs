//! The compile-time errors of `match` patterns: an irrefutable pattern before other cases or
//! alternatives, a name bound twice, a repeated literal key, alternatives binding different
//! names.
//!
//! CPython: `Python/codegen.c` (`codegen_match_inner`, `codegen_pattern_as`,
//! `codegen_pattern_capture`, `codegen_pattern_mapping`, `codegen_pattern_or`). pyxray checks
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
        PatternKind::MatchValue { .. } | PatternKind::MatchSingleton { .. } => None,
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
