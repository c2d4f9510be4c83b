//! Stage 4, the virtual machine (CPython's `Python/ceval.c`): the call stack of frames, each with
//! its names (variables) and its value stack, the scratch space instructions push to and pop from.
//! What the last step pushed or stored is marked, so the student sees each instruction's effect.

use pyxray::{FrameView, StateView, ValueView};
use yew::prelude::*;

use crate::components::panel::Panel;
use crate::highlight::Highlight;
use crate::state::{SelectionOrigin, Shared};

#[derive(Properties, PartialEq)]
pub struct FramesPanelProps {
    pub machine: Shared<StateView>,
}

#[component]
pub fn FramesPanel(props: &FramesPanelProps) -> Html {
    let highlight = use_context::<Highlight>();
    let machine = &props.machine;
    let frames = &machine.frames;
    let body = if frames.is_empty() {
        let message = if machine.step == 0 && machine.finished {
            "No frame: the program cannot run until it compiles."
        } else if machine.step == 0 {
            "No frame yet: press Step and the VM creates the module's frame."
        } else {
            "No frames: the program has finished."
        };
        html! { <p class="panel-empty">{ message }</p> }
    } else {
        let innermost = frames.len() - 1;
        html! {
            <div class="frames-stack">
                // The frame that runs now is drawn on top, as a call stack grows.
                { for frames.iter().enumerate().rev().map(|(depth, frame)| {
                    render_frame(frame, depth == innermost, machine, highlight.as_ref())
                }) }
            </div>
        }
    };
    html! {
        <Panel number="4" title="Frames & value stack (VM)" class="frames-panel" testid="frames-panel"
            subtitle="where the virtual machine keeps names and the values it is working on">
            { body }
        </Panel>
    }
}

fn render_frame(
    frame: &FrameView,
    is_running: bool,
    machine: &StateView,
    highlight: Option<&Highlight>,
) -> Html {
    let changes = &machine.changes;
    // The top `pushed` values of the running frame are new in this step.
    let new_from = if is_running {
        frame.stack.len().saturating_sub(changes.pushed)
    } else {
        frame.stack.len()
    };
    let stack = if frame.stack.is_empty() {
        html! { <li class="frames-stack-empty">{ "(empty)" }</li> }
    } else {
        let top = frame.stack.len() - 1;
        html! {
            { for frame.stack.iter().enumerate().rev().map(|(position, value)| {
                let is_new = position >= new_from;
                html! {
                    <li
                        class={classes!("frames-stack-item", is_new.then_some("is-new"), value_selected(value, highlight).then_some("is-selected"))}
                        data-testid="stack-item"
                        onclick={select_object(value, highlight)}
                    >
                        <span class="frames-value-repr">{ &value.repr }</span>
                        <span class="frames-value-type">{ value_label(value) }</span>
                        if position == top { <span class="frames-stack-top">{ "← top" }</span> }
                    </li>
                }
            }) }
        }
    };
    let popped = if is_running && changes.popped > 0 {
        html! { <p class="frames-popped">{ format!("this step popped {} value{}", changes.popped, plural(changes.popped)) }</p> }
    } else {
        Html::default()
    };
    html! {
        <article class={classes!("frames-frame", is_running.then_some("is-running"))} data-testid="frame">
            <h3 class="frames-frame-title">
                { "frame " }<code>{ &frame.name }</code>
                if is_running { <span class="frames-running-badge">{ "running" }</span> }
            </h3>
            <div class="frames-columns">
                <div class="frames-names">
                    <h4>{ "names" }</h4>
                    if frame.names.is_empty() {
                        <p class="frames-none">{ "(none yet)" }</p>
                    } else {
                        <table class="frames-names-table" data-testid="frame-names">
                            { for frame.names.iter().map(|(name, value)| {
                                let stored = is_running && changes.names_stored.iter().any(|stored| stored == name);
                                html! {
                                    <tr
                                        class={classes!(stored.then_some("is-new"), value_selected(value, highlight).then_some("is-selected"))}
                                        onclick={select_object(value, highlight)}
                                    >
                                        <td class="frames-name"><code>{ name }</code></td>
                                        <td class="frames-arrow">{ "→" }</td>
                                        <td class="frames-name-value">
                                            <span class="frames-value-repr">{ &value.repr }</span>
                                            <span class="frames-value-type">{ " #" }{ value.object }</span>
                                        </td>
                                    </tr>
                                }
                            }) }
                        </table>
                    }
                </div>
                <div class="frames-values">
                    <h4>{ "value stack" }</h4>
                    <ol class="frames-value-stack" data-testid="value-stack">{ stack }</ol>
                    { popped }
                </div>
            </div>
        </article>
    }
}

/// The value's type and heap object, e.g. `int #1`; a NULL slot is no object.
fn value_label(value: &ValueView) -> String {
    if value.type_name == "NULL" {
        String::new()
    } else {
        format!("{} #{}", value.type_name, value.object)
    }
}

fn value_selected(value: &ValueView, highlight: Option<&Highlight>) -> bool {
    highlight.is_some_and(|h| h.selection.object == Some(value.object))
}

fn select_object(value: &ValueView, highlight: Option<&Highlight>) -> Option<Callback<MouseEvent>> {
    let object = value.object;
    highlight.map(|h| {
        let select = h.select.clone();
        Callback::from(move |_: MouseEvent| select.emit(SelectionOrigin::Object(object)))
    })
}

fn plural(count: usize) -> &'static str {
    if count == 1 {
        ""
    } else {
        "s"
    }
}
