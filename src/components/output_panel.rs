//! The program's output: what `print` wrote to stdout so far, and the traceback when an exception
//! ended the run (CPython's `Python/traceback.c` format).

use pyxray::StateView;
use yew::prelude::*;

use crate::components::panel::Panel;
use crate::state::Shared;

#[derive(Properties, PartialEq)]
pub struct OutputPanelProps {
    pub machine: Shared<StateView>,
}

#[component]
pub fn OutputPanel(props: &OutputPanelProps) -> Html {
    let machine = &props.machine;
    let status = if machine.error.is_some() {
        "The program stopped with an error."
    } else if machine.finished {
        "The program has finished."
    } else if machine.output.is_empty() {
        "Nothing printed yet."
    } else {
        ""
    };
    let changed = !machine.changes.output.is_empty();
    // A traceback is already part of the output; other errors (limits) are shown on their own.
    let error_not_in_output = machine
        .error
        .as_ref()
        .filter(|error| !machine.output.contains(error.trim()));
    html! {
        <Panel title="Output" class="output-panel" testid="output-panel"
            subtitle="what the program printed">
            <pre class={classes!("output-text", changed.then_some("is-new"))} data-testid="output">{ &machine.output }</pre>
            if let Some(error) = error_not_in_output {
                <pre class="output-error" data-testid="runtime-error">{ error }</pre>
            }
            if !status.is_empty() {
                <p class={classes!("output-status", machine.error.is_some().then_some("is-error"))}
                    data-testid="output-status">{ status }</p>
            }
        </Panel>
    }
}
