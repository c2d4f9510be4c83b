//! Stage 3, the compiler (CPython's `Python/codegen.c` → `flowgraph.c` → `assemble.c`): the
//! instruction listings of each compile phase, as `dis` prints them — the codegen listing before
//! the optimizer, each optimizer pass that changed something (e.g. constant folding turns
//! `5 + 6` into `11`), and the final code the VM runs, with the instruction that just ran
//! highlighted and the one that runs next marked with an arrow.

use yew::prelude::*;

use crate::components::panel::{scroll_into_panel_view, Panel};
use crate::highlight::{matching_instructions, Highlight};
use crate::state::{Compiled, Listing, SelectionOrigin, Shared};

#[derive(Properties, PartialEq)]
pub struct BytecodePanelProps {
    pub compiled: Shared<Compiled>,
    /// The tab shown; `None` is the listing that runs.
    pub shown_listing: Option<usize>,
    pub on_show_listing: Callback<Option<usize>>,
}

#[component]
pub fn BytecodePanel(props: &BytecodePanelProps) -> Html {
    let highlight = use_context::<Highlight>();
    let next_row = use_node_ref();
    let listings = props.compiled.listings();
    let running_index = listings.len().saturating_sub(1);
    let shown = props
        .shown_listing
        .filter(|&index| index < listings.len())
        .unwrap_or(running_index);

    {
        // Keep the next instruction in view as the program steps.
        let next_row = next_row.clone();
        let next = highlight.as_ref().and_then(|h| h.focus.next_instruction);
        use_effect_with((next, shown), move |_| {
            if let Some(row) = next_row.cast::<web_sys::Element>() {
                scroll_into_panel_view(&row);
            }
        });
    }

    let description = listings
        .get(shown)
        .filter(|listing| !listing.instructions.is_empty())
        .map(|listing| listing.description.to_string())
        .unwrap_or_default();
    let toolbar = html! {
        <>
            if listings.len() > 1 {
                <div class="bytecode-tabs" role="tablist">
                    { for listings.iter().enumerate().map(|(index, listing)| {
                        let on_show_listing = props.on_show_listing.clone();
                        let target = if listing.runs { None } else { Some(index) };
                        let onclick = Callback::from(move |_: MouseEvent| on_show_listing.emit(target));
                        html! {
                            <button
                                class={classes!("bytecode-tab", (index == shown).then_some("is-shown"))}
                                role="tab"
                                aria-selected={(index == shown).to_string()}
                                title={if listing.runs { "the code the VM runs".to_string() } else { listing.description.to_string() }}
                                data-testid="bytecode-tab"
                                {onclick}
                            >
                                <span class="bytecode-tab-step">{ index + 1 }</span>
                                { listing.title }
                                if listing.runs { <span class="bytecode-tab-runs">{ " ▶" }</span> }
                            </button>
                        }
                    }) }
                </div>
            }
            if !description.is_empty() {
                <p class="bytecode-description">{ description }</p>
            }
        </>
    };

    let body = match listings.get(shown) {
        Some(listing) => render_listing(shown, listing, highlight.as_ref(), &next_row),
        None => html! { <p class="panel-empty">{ "No bytecode yet." }</p> },
    };
    let footer = html! {
        <p>
            { "CPython's specializing interpreter rewrites some instructions at run time; \
               pyxray runs the unspecialized bytecode that " }<code>{ "dis" }</code>{ " shows." }
        </p>
    };
    html! {
        <Panel number="3" title="Bytecode (compiler)" class="bytecode-panel" testid="bytecode-panel"
            subtitle="the tree turned into instructions for the virtual machine"
            toolbar={toolbar} footer={footer}>
            { body }
        </Panel>
    }
}

fn render_listing(
    listing_index: usize,
    listing: &Listing<'_>,
    highlight: Option<&Highlight>,
    next_row: &NodeRef,
) -> Html {
    if listing.instructions.is_empty() {
        return html! {
            <p class="panel-empty">{ "No instructions: the compiler has not produced any for this source." }</p>
        };
    }
    let selected = highlight
        .map(|h| matching_instructions(listing.instructions, h.selection.node, h.selection.range))
        .unwrap_or_default();
    let running = highlight.filter(|_| listing.runs);
    let current = running.and_then(|h| h.focus.instruction);
    let next = running.and_then(|h| h.focus.next_instruction);
    let clicked = highlight.and_then(|h| match h.selection.origin {
        Some(SelectionOrigin::Instruction { listing, index }) if listing == listing_index => {
            Some(index)
        }
        _ => None,
    });
    html! {
        <>
            <table class="bytecode-table" data-testid={if listing.runs { "bytecode-running" } else { "bytecode-listing" }}>
                <thead>
                    <tr>
                        <th class="bytecode-marker"></th>
                        <th title="source line">{ "line" }</th>
                        <th title="byte offset in the code (or position in the sequence)">{ "offset" }</th>
                        <th>{ "instruction" }</th>
                        <th title="the instruction's argument">{ "arg" }</th>
                        <th title="what the argument means">{ "meaning" }</th>
                    </tr>
                </thead>
                <tbody>
                    { for listing.instructions.iter().enumerate().map(|(index, instr)| {
                        let is_current = current == Some(index);
                        let is_next = next == Some(index);
                        let is_selected = clicked == Some(index) || selected.get(index).copied().unwrap_or(false);
                        let onclick = highlight.map(|h| {
                            let select = h.select.clone();
                            Callback::from(move |_: MouseEvent| {
                                select.emit(SelectionOrigin::Instruction { listing: listing_index, index })
                            })
                        });
                        let marker = if is_next { "▶" } else { "" };
                        let testid = match (is_current, is_next) {
                            (true, _) => "current-instruction",
                            (false, true) => "next-instruction",
                            _ => "instruction",
                        };
                        html! {
                            <tr
                                class={classes!(
                                    "bytecode-row",
                                    is_current.then_some("is-current"),
                                    is_next.then_some("is-next"),
                                    is_selected.then_some("is-selected"),
                                    instr.starts_line.is_some().then_some("starts-line"),
                                )}
                                data-testid={testid}
                                title={instr.explanation}
                                ref={if is_next { next_row.clone() } else { NodeRef::default() }}
                                {onclick}
                            >
                                <td class="bytecode-marker" title={if is_next { "runs next" } else { "" }}>{ marker }</td>
                                <td class="bytecode-line">{ instr.starts_line.map(|line| line.to_string()).unwrap_or_default() }</td>
                                <td class="bytecode-offset">
                                    if let Some(label) = &instr.label { <span class="bytecode-label">{ label }{ ": " }</span> }
                                    { instr.offset }
                                </td>
                                <td class="bytecode-opname">{ instr.opname }</td>
                                <td class="bytecode-arg">{ instr.arg.map(|arg| arg.to_string()).unwrap_or_default() }</td>
                                <td class="bytecode-argrepr">{ &instr.argrepr }</td>
                            </tr>
                        }
                    }) }
                </tbody>
            </table>
        </>
    }
}
