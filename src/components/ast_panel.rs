//! Stage 2, the parser (CPython's `Parser/parser.c` from `Grammar/python.gram`): the abstract
//! syntax tree, with node and field names as `ast.dump` prints them. Each node can be folded;
//! clicking one lights up its source and the instructions compiled from it. Nodes deeper than
//! `OPEN_DEPTH` start folded, so a deeply nested program never renders thousands of levels at once.

use std::collections::BTreeSet;

use pyxray::{AstNodeView, AstValueView};
use yew::prelude::*;

use crate::components::panel::{scroll_into_panel_view, Panel};
use crate::highlight::Highlight;
use crate::state::{Compiled, SelectionOrigin, Shared};

/// Nodes this deep in the tree start folded (the browser's stack and DOM stay shallow).
const OPEN_DEPTH: usize = 24;

#[derive(Properties, PartialEq)]
pub struct AstPanelProps {
    pub compiled: Shared<Compiled>,
    pub folded: Shared<BTreeSet<u32>>,
    pub on_toggle: Callback<u32>,
}

/// What rendering one node needs besides the node.
struct TreeContext<'a> {
    source: &'a str,
    folded: &'a BTreeSet<u32>,
    on_toggle: &'a Callback<u32>,
    highlight: Option<&'a Highlight>,
    /// Attached to the current node's row, to keep it in view.
    current_row: &'a NodeRef,
}

/// Whether a node is folded: `folded` lists the nodes the user toggled, which for nodes at or
/// below `OPEN_DEPTH` means unfolded.
fn is_folded(id: u32, depth: usize, folded: &BTreeSet<u32>) -> bool {
    folded.contains(&id) != (depth >= OPEN_DEPTH)
}

#[component]
pub fn AstPanel(props: &AstPanelProps) -> Html {
    let highlight = use_context::<Highlight>();
    let current_row = use_node_ref();
    {
        let current_row = current_row.clone();
        let current = highlight.as_ref().and_then(|h| h.focus.node);
        use_effect_with(current, move |_| {
            if let Some(row) = current_row.cast::<web_sys::Element>() {
                scroll_into_panel_view(&row);
            }
        });
    }
    let compiled = &props.compiled;
    let body = match &compiled.ast {
        Some(root) => {
            let context = TreeContext {
                source: &compiled.source,
                folded: &props.folded,
                on_toggle: &props.on_toggle,
                highlight: highlight.as_ref(),
                current_row: &current_row,
            };
            html! { <div class="ast-tree" role="tree">{ render_node(root, 0, &context) }</div> }
        }
        None if compiled.syntax_error.is_some() => html! {
            <p class="panel-empty">{ "No tree: the parser stopped at the syntax error shown under the source." }</p>
        },
        None => {
            html! { <p class="panel-empty">{ "No tree: the parser has not produced one for this source." }</p> }
        }
    };
    html! {
        <Panel number="2" title="AST (parser)" class="ast-panel" testid="ast-panel"
            subtitle="the tokens arranged into a tree of what the program means">
            { body }
        </Panel>
    }
}

fn render_node(node: &AstNodeView, depth: usize, context: &TreeContext<'_>) -> Html {
    let id = node.id;
    let is_current = context.highlight.is_some_and(|h| h.focus.node == Some(id));
    let is_selected = context
        .highlight
        .is_some_and(|h| h.selection.node == Some(id));
    let has_children = !node.fields.is_empty();
    let is_folded = is_folded(id, depth, context.folded);
    let toggle = {
        let on_toggle = context.on_toggle.clone();
        Callback::from(move |event: MouseEvent| {
            event.stop_propagation();
            on_toggle.emit(id);
        })
    };
    let select = context.highlight.map(|h| {
        let select = h.select.clone();
        Callback::from(move |_: MouseEvent| select.emit(SelectionOrigin::Node(id)))
    });
    let snippet = context
        .source
        .get(node.range.as_range())
        .map(one_line_snippet)
        .unwrap_or_default();
    html! {
        <div class="ast-node" role="treeitem" aria-expanded={(!is_folded).to_string()}>
            <div
                class={classes!("ast-node-header", is_current.then_some("is-current"), is_selected.then_some("is-selected"))}
                data-testid="ast-node"
                data-node-id={id.to_string()}
                ref={if is_current { context.current_row.clone() } else { NodeRef::default() }}
                onclick={select}
            >
                if has_children {
                    <button class="ast-toggle" onclick={toggle}
                        title={if is_folded { "show the fields" } else { "hide the fields" }}>
                        { if is_folded { "▸" } else { "▾" } }
                    </button>
                } else {
                    <span class="ast-toggle-space"></span>
                }
                <span class="ast-kind">{ &node.kind }</span>
                if !snippet.is_empty() {
                    <code class="ast-snippet">{ snippet }</code>
                }
            </div>
            if has_children && !is_folded {
                <div class="ast-fields">
                    { for node.fields.iter().map(|field| render_field(&field.name, &field.value, depth + 1, context)) }
                </div>
            }
        </div>
    }
}

fn render_field(name: &str, value: &AstValueView, depth: usize, context: &TreeContext<'_>) -> Html {
    match value {
        AstValueView::Leaf(text) => html! {
            <div class="ast-field">
                <span class="ast-field-name">{ name }</span>{ "=" }<span class="ast-leaf">{ text }</span>
            </div>
        },
        AstValueView::Node(node) => html! {
            <div class="ast-field">
                <span class="ast-field-name">{ name }{ "=" }</span>
                { render_node(node, depth, context) }
            </div>
        },
        AstValueView::List(items) if items.is_empty() => html! {
            <div class="ast-field">
                <span class="ast-field-name">{ name }</span>{ "=" }<span class="ast-leaf">{ "[]" }</span>
            </div>
        },
        AstValueView::List(items) => html! {
            <div class="ast-field">
                <span class="ast-field-name">{ name }{ "=[" }</span>
                <div class="ast-list">
                    { for items.iter().map(|item| match item {
                        AstValueView::Node(node) => render_node(node, depth, context),
                        AstValueView::Leaf(text) => html! { <div class="ast-leaf">{ text }</div> },
                        AstValueView::List(_) => render_field("", item, depth, context),
                    }) }
                </div>
                <span class="ast-field-name">{ "]" }</span>
            </div>
        },
    }
}

/// The node's source on one line, shortened: enough to recognise it beside the node name.
fn one_line_snippet(text: &str) -> String {
    const LIMIT: usize = 28;
    let flat: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() > LIMIT {
        let cut: String = flat.chars().take(LIMIT - 1).collect();
        format!("{cut}…")
    } else {
        flat
    }
}
