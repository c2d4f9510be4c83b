//! The source editor: a textarea over a highlighted copy of the same text. The copy colours each
//! token by kind, lights up the current step's source span and whatever the student clicked, and
//! underlines a syntax error; below the editor the error is printed the way CPython prints it.

use pyxray::{SyntaxError, TextRange, TextSize, TokenView};
use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

use crate::components::panel::Panel;
use crate::highlight::{segments, Highlight};
use crate::state::{Compiled, Shared};

/// Spaces the Tab key inserts.
const INDENT: &str = "    ";

#[derive(Properties, PartialEq)]
pub struct SourcePanelProps {
    pub editor_text: AttrValue,
    pub compiled: Shared<Compiled>,
    /// The editor holds text that has not been compiled yet.
    pub is_compiling: bool,
    pub on_edit: Callback<String>,
}

#[component]
pub fn SourcePanel(props: &SourcePanelProps) -> Html {
    let highlight = use_context::<Highlight>();
    let text = props.editor_text.as_str();
    let compiled = &props.compiled;
    // Ranges refer to the compiled text; while an edit waits to compile, show it unmarked.
    let up_to_date = !props.is_compiling && compiled.source == text;

    let oninput = {
        let on_edit = props.on_edit.clone();
        Callback::from(move |event: InputEvent| {
            if let Some(textarea) = event.target_dyn_into::<HtmlTextAreaElement>() {
                on_edit.emit(textarea.value());
            }
        })
    };
    let onkeydown = {
        let on_edit = props.on_edit.clone();
        Callback::from(move |event: KeyboardEvent| {
            if event.key() != "Tab" || event.shift_key() || event.ctrl_key() || event.alt_key() {
                return;
            }
            let Some(textarea) = event.target_dyn_into::<HtmlTextAreaElement>() else {
                return;
            };
            event.prevent_default();
            let caret = textarea.selection_start().ok().flatten().unwrap_or(0);
            if textarea.set_range_text(INDENT).is_ok() {
                let after = caret + INDENT.len() as u32;
                let _ = textarea.set_selection_range(after, after);
                on_edit.emit(textarea.value());
            }
        })
    };

    let line_count = text.lines().count().max(1);
    let current_line = highlight
        .as_ref()
        .and_then(|highlight| highlight.focus.range)
        .filter(|_| up_to_date)
        .map(|range| line_of(text, range.start()));

    let overlay = if up_to_date {
        render_marked(text, compiled, highlight.as_ref())
    } else {
        html! { { text } }
    };
    let error = compiled.syntax_error.as_ref().filter(|_| up_to_date);
    let compile_error = compiled.compile_error.as_ref().filter(|_| up_to_date);

    let subtitle = if props.is_compiling {
        "compiling your edit…"
    } else {
        "your Python program — type to change it"
    };
    html! {
        <Panel title="Source" subtitle={subtitle} class="source-panel" testid="source-panel">
            <div class="source-editor">
                <div class="source-gutter" aria-hidden="true">
                    { for (1..=line_count).map(|line| {
                        let is_current = current_line == Some(line);
                        html! {
                            <div class={classes!("source-line-number", is_current.then_some("is-current"))}>
                                { if is_current { "▶ ".to_string() } else { String::new() } }{ line }
                            </div>
                        }
                    }) }
                </div>
                <div class="source-layers">
                    // The trailing newline keeps the copy as tall as the textarea's last line.
                    <pre class="source-overlay" aria-hidden="true">{ overlay }{ "\n " }</pre>
                    <textarea
                        class="source-input"
                        data-testid="source-editor"
                        aria-label="Python source"
                        spellcheck="false"
                        autocomplete="off"
                        autocapitalize="off"
                        wrap="off"
                        rows={(line_count + 1).to_string()}
                        value={props.editor_text.clone()}
                        {oninput}
                        {onkeydown}
                    />
                </div>
            </div>
            if let Some(error) = error {
                <SyntaxErrorReport
                    error={error.clone()}
                    source={AttrValue::from(compiled.source.clone())}
                    filename={AttrValue::from(compiled.filename.clone())}
                />
            }
            if let Some(message) = compile_error {
                <div class="source-unsupported" data-testid="compile-error" role="status">
                    <p class="source-unsupported-heading">{ "This is valid Python, but pyxray cannot run it yet:" }</p>
                    <pre class="source-unsupported-message">{ message }</pre>
                </div>
            }
        </Panel>
    }
}

/// The 1-based line holding byte `offset`.
fn line_of(source: &str, offset: TextSize) -> usize {
    let end = offset.to_usize().min(source.len());
    source.as_bytes()[..end]
        .iter()
        .filter(|&&byte| byte == b'\n')
        .count()
        + 1
}

/// The source text cut into spans: token colours, the current span, the selection and the error.
fn render_marked(text: &str, compiled: &Compiled, highlight: Option<&Highlight>) -> Html {
    let mut marks: Vec<(TextRange, &'static str)> = compiled
        .tokens
        .iter()
        .filter_map(|token| token_class(token).map(|class| (token.range, class)))
        .collect();
    if let Some(highlight) = highlight {
        if let Some(range) = highlight.focus.range {
            marks.push((range, "src-current"));
        }
        if let Some(range) = highlight.selection.range {
            marks.push((range, "src-selected"));
        }
    }
    // A syntax error on a newline or at the end of the text has nothing visible to underline:
    // it gets a caret marker instead.
    let mut error_point = None;
    if let Some(error) = &compiled.syntax_error {
        let visible = text
            .get(error.range.as_range())
            .is_some_and(|underlined| !underlined.trim().is_empty());
        if visible {
            marks.push((error.range, "src-error"));
        } else {
            let at = error.range.start().to_usize().min(text.len());
            error_point = Some(at);
            marks.push((TextRange::empty(error.range.start()), ""));
        }
    }
    let caret = || html! { <span class="src-error-point" data-testid="source-error-point"></span> };
    let pieces = segments(text, &marks);
    html! {
        <>
            { for pieces.into_iter().map(|piece| {
                let classes: Classes = piece.marks.iter().filter(|class| !class.is_empty()).copied().collect();
                html! {
                    <>
                        if error_point == Some(piece.start) { { caret() } }
                        <span class={classes}>{ piece.text }</span>
                    </>
                }
            }) }
            if error_point == Some(text.len()) { { caret() } }
        </>
    }
}

const KEYWORDS: &[&str] = &[
    "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue",
    "def", "del", "elif", "else", "except", "finally", "for", "from", "global", "if", "import",
    "in", "is", "lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try", "while",
    "with", "yield",
];

/// The colour class of a token, by kind (`tokenize -e` names); none for layout tokens.
fn token_class(token: &TokenView) -> Option<&'static str> {
    match token.kind {
        "NAME" if KEYWORDS.contains(&token.text.as_str()) => Some("src-keyword"),
        "NAME" => Some("src-name"),
        "NUMBER" => Some("src-number"),
        "STRING" | "FSTRING_START" | "FSTRING_MIDDLE" | "FSTRING_END" | "TSTRING_START"
        | "TSTRING_MIDDLE" | "TSTRING_END" => Some("src-string"),
        "COMMENT" => Some("src-comment"),
        "NEWLINE" | "NL" | "INDENT" | "DEDENT" | "ENDMARKER" | "ERRORTOKEN" => None,
        _ => Some("src-operator"),
    }
}

#[derive(Properties, PartialEq)]
pub struct SyntaxErrorReportProps {
    pub error: SyntaxError,
    pub source: AttrValue,
    pub filename: AttrValue,
}

/// The error as CPython prints it: file and line, the offending line, carets, type and message.
#[component]
pub fn SyntaxErrorReport(props: &SyntaxErrorReportProps) -> Html {
    let error = &props.error;
    let (shown, carets) = error_line_and_carets(error, &props.source);
    html! {
        <div class="source-error" data-testid="syntax-error" role="alert">
            <p class="source-error-heading">
                { "Python cannot run this: the compiler stopped at line " }{ error.lineno }
                { ", column " }{ error.offset }{ "." }
            </p>
            <pre class="source-error-report">
                { format!("  File \"{}\", line {}\n    {shown}\n    {carets}\n", props.filename, error.lineno) }
                <strong data-testid="syntax-error-message">
                    { format!("{}: {}", error.error_type.name(), error.message) }
                </strong>
            </pre>
        </div>
    }
}

/// The offending line without its indentation and the caret line under it, as CPython's
/// traceback prints them: carets from `offset` to `end_offset` (one when the span ends elsewhere),
/// never wider than the line (CPython's end offsets can point past it).
fn error_line_and_carets<'s>(error: &SyntaxError, source: &'s str) -> (&'s str, String) {
    let line = source
        .lines()
        .nth(error.lineno.saturating_sub(1) as usize)
        .unwrap_or("");
    let indent = line.chars().take_while(|c| c.is_whitespace()).count();
    let shown = line.trim();
    let length = shown.chars().count();
    let start = (error.offset.max(1) as usize)
        .saturating_sub(1 + indent)
        .min(length);
    let width = if error.end_lineno == error.lineno && error.end_offset > error.offset {
        (error.end_offset - error.offset) as usize
    } else {
        1
    };
    let width = width.clamp(1, length.saturating_sub(start).max(1));
    (shown, format!("{}{}", " ".repeat(start), "^".repeat(width)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use pyxray::SyntaxErrorType;

    fn error(lineno: u32, offset: i32, end_offset: i32) -> SyntaxError {
        SyntaxError {
            error_type: SyntaxErrorType::SyntaxError,
            message: "invalid syntax".into(),
            lineno,
            offset,
            end_lineno: lineno,
            end_offset,
            range: TextRange::default(),
        }
    }

    #[test]
    fn the_caret_goes_after_a_dangling_operator() {
        let (line, carets) = error_line_and_carets(&error(1, 8, 8), "c = 5 +\n");
        assert_eq!(line, "c = 5 +");
        assert_eq!(carets, "       ^");
    }

    #[test]
    fn carets_skip_the_indentation_and_span_the_error() {
        let source = "if x:\n    y = = 2\n";
        let (line, carets) = error_line_and_carets(&error(2, 9, 10), source);
        assert_eq!(line, "y = = 2");
        assert_eq!(carets, "    ^");
    }

    #[test]
    fn carets_never_run_past_the_line() {
        let (_, carets) = error_line_and_carets(&error(1, 3, 99), "abc\n");
        assert_eq!(carets, "  ^");
    }
}
