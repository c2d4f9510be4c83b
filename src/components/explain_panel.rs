//! One sentence about what is happening: what the last step did (the facade's explanation), and
//! which instruction runs next with the opcode table's one-line explanation of it.

use pyxray::{InstrView, StateView};
use yew::prelude::*;

use crate::state::{Compiled, Shared};

#[derive(Properties, PartialEq)]
pub struct ExplainPanelProps {
    pub compiled: Shared<Compiled>,
    pub machine: Shared<StateView>,
}

#[component]
pub fn ExplainPanel(props: &ExplainPanelProps) -> Html {
    let machine = &props.machine;
    let compiled = &props.compiled;
    let next = machine
        .next_instruction
        .and_then(|index| compiled.instructions.get(index))
        .filter(|_| !machine.finished);
    let just_did = if machine.step == 0 {
        if compiled.syntax_error.is_some() {
            "Fix the syntax error in the source first: only code that compiles can run.".to_string()
        } else if compiled.compile_error.is_some() {
            "pyxray cannot compile this program yet (see under the source).".to_string()
        } else {
            "Press Step to run the first instruction, or click anything to see where it comes from."
                .to_string()
        }
    } else if machine.explanation.is_empty() {
        format!("Step {} done.", machine.step)
    } else {
        machine.explanation.clone()
    };
    html! {
        <div class="explain-panel" data-testid="explain" aria-live="polite">
            <p class="explain-did">{ just_did }</p>
            if let Some(instr) = next {
                <p class="explain-next">
                    <span class="explain-label">{ "Next: " }</span>
                    <code class="explain-opname">{ describe(instr) }</code>
                    if !instr.explanation.is_empty() {
                        { " — " }{ instr.explanation }
                    }
                </p>
            }
        </div>
    }
}

/// `LOAD_SMALL_INT 11`, `STORE_NAME 0 (c)`: the instruction as `dis` shows it, on one line.
fn describe(instr: &InstrView) -> String {
    let mut text = instr.opname.to_string();
    if let Some(arg) = instr.arg {
        text.push_str(&format!(" {arg}"));
    }
    if !instr.argrepr.is_empty() {
        text.push_str(&format!(" ({})", instr.argrepr));
    }
    text
}
