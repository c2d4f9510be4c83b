//! Stage 1, the tokenizer (CPython's `Parser/lexer/`): the list `python -m tokenize -e` prints,
//! one row per token with its position, kind and text. Clicking a token lights up its place in
//! the source, the AST node it belongs to and the instructions compiled from it.

use pyxray::{TextRange, TokenView};
use yew::prelude::*;

use crate::components::panel::Panel;
use crate::highlight::Highlight;
use crate::state::{Compiled, SelectionOrigin, Shared};

#[derive(Properties, PartialEq)]
pub struct TokensPanelProps {
    pub compiled: Shared<Compiled>,
}

#[component]
pub fn TokensPanel(props: &TokensPanelProps) -> Html {
    let highlight = use_context::<Highlight>();
    let tokens = &props.compiled.tokens;
    let error_range = props
        .compiled
        .syntax_error
        .as_ref()
        .map(|error| error.range);
    let body = if tokens.is_empty() {
        html! { <p class="panel-empty">{ "No tokens: the tokenizer has not produced any for this source." }</p> }
    } else {
        html! {
            <table class="tokens-table">
                <thead>
                    <tr><th>{ "position" }</th><th>{ "kind" }</th><th>{ "text" }</th></tr>
                </thead>
                <tbody>
                    { for tokens.iter().enumerate().map(|(index, token)| {
                        let at_error = error_range.is_some_and(|error| touches(token.range, error));
                        render_token(index, token, at_error, highlight.as_ref())
                    }) }
                </tbody>
            </table>
        }
    };
    html! {
        <Panel number="1" title="Tokens (lexer)" class="tokens-panel" testid="tokens-panel"
            subtitle="the source cut into words: names, numbers, operators">
            { body }
        </Panel>
    }
}

/// The token is where a syntax error was reported: it overlaps the error's span, or the error is
/// a point at the token's start.
fn touches(token: TextRange, error: TextRange) -> bool {
    if error.is_empty() {
        token.start() == error.start()
    } else {
        token.start() < error.end() && error.start() < token.end()
    }
}

fn render_token(
    index: usize,
    token: &TokenView,
    at_error: bool,
    highlight: Option<&Highlight>,
) -> Html {
    let is_current = highlight.is_some_and(|h| h.range_is_current(token.range));
    let is_selected = highlight.is_some_and(|h| {
        h.selection.origin == Some(SelectionOrigin::Token(index))
            || h.range_is_selected(token.range)
    });
    let onclick = highlight.map(|h| {
        let select = h.select.clone();
        Callback::from(move |_: MouseEvent| select.emit(SelectionOrigin::Token(index)))
    });
    let position = format!(
        "{},{}-{},{}",
        token.start.line, token.start.column, token.end.line, token.end.column
    );
    html! {
        <tr
            class={classes!(
                "tokens-row",
                is_current.then_some("is-current"),
                is_selected.then_some("is-selected"),
                at_error.then_some("is-error"),
            )}
            title={if at_error { "the syntax error was reported here" } else { "" }}
            data-testid="token"
            {onclick}
        >
            <td class="tokens-position">{ position }</td>
            <td class={classes!("tokens-kind", kind_class(token.kind))}>{ token.kind }</td>
            <td class="tokens-text"><code>{ python_repr(&token.text) }</code></td>
        </tr>
    }
}

/// The colour family of a token kind (matches the editor's colours).
fn kind_class(kind: &str) -> &'static str {
    match kind {
        "NAME" => "tokens-kind-name",
        "NUMBER" => "tokens-kind-number",
        "STRING" => "tokens-kind-string",
        "NEWLINE" | "NL" | "INDENT" | "DEDENT" | "ENDMARKER" => "tokens-kind-layout",
        _ => "tokens-kind-operator",
    }
}

/// A string as Python's `repr` shows it, as `tokenize` prints token text: `'c'`, `'\n'`.
pub fn python_repr(text: &str) -> String {
    let quote = if text.contains('\'') && !text.contains('"') {
        '"'
    } else {
        '\''
    };
    let mut repr = String::with_capacity(text.len() + 2);
    repr.push(quote);
    for c in text.chars() {
        match c {
            '\\' => repr.push_str("\\\\"),
            '\n' => repr.push_str("\\n"),
            '\r' => repr.push_str("\\r"),
            '\t' => repr.push_str("\\t"),
            c if c == quote => {
                repr.push('\\');
                repr.push(c);
            }
            c if c.is_control() => repr.push_str(&format!("\\x{:02x}", c as u32)),
            c => repr.push(c),
        }
    }
    repr.push(quote);
    repr
}

#[cfg(test)]
mod tests {
    use super::python_repr;

    #[test]
    fn repr_matches_python() {
        assert_eq!(python_repr("c"), "'c'");
        assert_eq!(python_repr("\n"), "'\\n'");
        assert_eq!(python_repr("'a'"), "\"'a'\"");
        assert_eq!(python_repr(""), "''");
    }
}
