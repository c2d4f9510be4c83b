//! The controls that move through the run: Reset, Back, Step and Run (Stop while running), with
//! the step counter and a slider over every step reached so far. The arrow keys step too when the
//! editor does not have the focus.

use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::state::Action;

#[derive(Properties, PartialEq)]
pub struct TimelineBarProps {
    pub step: u64,
    /// The furthest step reached so far (the slider's end).
    pub furthest_step: u64,
    pub finished: bool,
    pub running: bool,
    /// The program cannot run (a syntax error, or an edit still compiling).
    pub blocked: bool,
    /// Why the program cannot run at all, e.g. "does not compile"; `None` when it can.
    #[prop_or_default]
    pub cannot_run: Option<AttrValue>,
    pub on_action: Callback<Action>,
}

#[component]
pub fn TimelineBar(props: &TimelineBarProps) -> Html {
    let send = |action: Action| {
        let on_action = props.on_action.clone();
        Callback::from(move |_: MouseEvent| on_action.emit(action.clone()))
    };
    let at_start = props.step == 0;
    let can_go_forward = !props.finished && !props.blocked;
    let on_seek = {
        let on_action = props.on_action.clone();
        Callback::from(move |event: InputEvent| {
            let step = event
                .target_dyn_into::<HtmlInputElement>()
                .and_then(|slider| slider.value().parse::<u64>().ok());
            if let Some(step) = step {
                on_action.emit(Action::Seek(step));
            }
        })
    };
    let counter = if let Some(reason) = &props.cannot_run {
        reason.to_string()
    } else if props.finished {
        format!("step {} · finished", props.step)
    } else {
        format!("step {}", props.step)
    };
    html! {
        <nav class="timeline-bar" aria-label="run the program">
            <button class="timeline-button timeline-reset" data-testid="reset-button"
                title="back to the start (before the first instruction)"
                disabled={at_start && !props.running} onclick={send(Action::Reset)}>
                { "↺ Reset" }
            </button>
            <button class="timeline-button timeline-back" data-testid="back-button"
                title="undo one instruction (←)"
                disabled={at_start || props.running} onclick={send(Action::Back)}>
                { "◀ Back" }
            </button>
            <button class="timeline-button timeline-step" data-testid="step-button"
                title="run one instruction (→)"
                disabled={!can_go_forward || props.running} onclick={send(Action::Step)}>
                { "Step ▶" }
            </button>
            if props.running {
                <button class="timeline-button timeline-run" data-testid="stop-button"
                    title="stop running" onclick={send(Action::Stop)}>
                    { "■ Stop" }
                </button>
            } else {
                <button class="timeline-button timeline-run" data-testid="run-button"
                    title="run to the end"
                    disabled={!can_go_forward} onclick={send(Action::Run)}>
                    { "Run ▶▶" }
                </button>
            }
            if props.furthest_step > 0 {
                <input
                    class="timeline-slider"
                    type="range"
                    min="0"
                    max={props.furthest_step.to_string()}
                    value={props.step.to_string()}
                    disabled={props.running}
                    aria-label="jump to a step"
                    title="drag to jump to any step reached so far"
                    data-testid="timeline-slider"
                    oninput={on_seek}
                />
            }
            <span class="timeline-counter" data-testid="step-counter" aria-live="polite">{ counter }</span>
        </nav>
    }
}
