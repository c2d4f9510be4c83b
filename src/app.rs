//! The page: the compile-time stages in the order CPython runs them (source → tokens → AST →
//! bytecode), the controls and the explanation, then the run-time stages (frames and value stack,
//! heap, output). Holds the one reducer and shares the highlight context with every panel.

use std::time::Duration;

use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use yew::platform::{spawn_local, time::sleep};
use yew::prelude::*;

use crate::components::ast_panel::AstPanel;
use crate::components::bytecode_panel::BytecodePanel;
use crate::components::explain_panel::ExplainPanel;
use crate::components::frames_panel::FramesPanel;
use crate::components::heap_panel::HeapPanel;
use crate::components::output_panel::OutputPanel;
use crate::components::source_panel::SourcePanel;
use crate::components::timeline_bar::TimelineBar;
use crate::components::tokens_panel::TokensPanel;
use crate::highlight::Highlight;
use crate::state::{Action, AppState};

/// How long typing must pause before the program is compiled again.
const EDIT_DEBOUNCE: Duration = Duration::from_millis(300);

#[component]
pub fn App() -> Html {
    let state = use_reducer(AppState::default);
    let dispatch = state.dispatcher();

    // Debounced compile: every edit bumps the generation; only the latest one compiles.
    {
        let dispatch = dispatch.clone();
        use_effect_with(state.edit_generation, move |&generation| {
            if generation > 0 {
                spawn_local(async move {
                    sleep(EDIT_DEBOUNCE).await;
                    dispatch.dispatch(Action::Compile { generation });
                });
            }
        });
    }

    // "Run" executes slices, yielding to the browser between them so the page stays responsive.
    {
        let dispatch = dispatch.clone();
        use_effect_with((state.running, state.machine.step), move |&(running, _)| {
            if running {
                spawn_local(async move {
                    sleep(Duration::ZERO).await;
                    dispatch.dispatch(Action::RunSlice);
                });
            }
        });
    }

    // Arrow keys step and Escape clears the selection, when the focus is not in the editor.
    {
        let dispatch = dispatch.clone();
        use_effect_with((), move |_| {
            let listener = Closure::<dyn Fn(KeyboardEvent)>::new(move |event: KeyboardEvent| {
                let in_editor = event
                    .target()
                    .and_then(|target| target.dyn_into::<web_sys::Element>().ok())
                    .is_some_and(|element| {
                        matches!(element.tag_name().as_str(), "TEXTAREA" | "INPUT")
                    });
                if in_editor || event.ctrl_key() || event.alt_key() || event.meta_key() {
                    return;
                }
                let action = match event.key().as_str() {
                    "ArrowRight" => Action::Step,
                    "ArrowLeft" => Action::Back,
                    "Escape" => Action::ClearSelection,
                    _ => return,
                };
                event.prevent_default();
                dispatch.dispatch(action);
            });
            let document = web_sys::window().and_then(|window| window.document());
            if let Some(document) = &document {
                let _ = document
                    .add_event_listener_with_callback("keydown", listener.as_ref().unchecked_ref());
            }
            move || {
                if let Some(document) = &document {
                    let _ = document.remove_event_listener_with_callback(
                        "keydown",
                        listener.as_ref().unchecked_ref(),
                    );
                }
            }
        });
    }

    // Stable across renders, so the highlight context changes only when the focus or selection does.
    let select = use_callback(dispatch.clone(), |origin, dispatch| {
        dispatch.dispatch(Action::Select(origin))
    });
    let highlight = Highlight {
        focus: state.focus(),
        selection: state.selection,
        select,
    };
    let on_action: Callback<Action> = dispatch.clone().into();
    let on_edit = {
        let dispatch = dispatch.clone();
        Callback::from(move |text: String| dispatch.dispatch(Action::Edit(text)))
    };
    let on_show_listing = {
        let dispatch = dispatch.clone();
        Callback::from(move |listing| dispatch.dispatch(Action::ShowListing(listing)))
    };
    let on_toggle_ast = {
        let dispatch = dispatch.clone();
        Callback::from(move |id| dispatch.dispatch(Action::ToggleAstNode(id)))
    };
    let on_toggle_show_all = {
        let dispatch = dispatch.clone();
        Callback::from(move |()| dispatch.dispatch(Action::ToggleAllHeapObjects))
    };
    let is_compiling = state.is_compiling();
    let blocked = is_compiling || state.cannot_run();

    html! {
        <ContextProvider<Highlight> context={highlight}>
            <div class="app">
                <header class="app-header">
                    <div class="app-title">
                        <h1>{ "pyxray" }</h1>
                        <p>{ "Watch CPython 3.14 run your program, one instruction at a time." }</p>
                    </div>
                    <TimelineBar
                        step={state.machine.step}
                        furthest_step={state.furthest_step}
                        finished={state.machine.finished}
                        running={state.running}
                        {blocked}
                        cannot_run={state.cannot_run_reason().map(AttrValue::from)}
                        {on_action}
                    />
                    <ExplainPanel compiled={state.compiled.clone()} machine={state.machine.clone()} />
                </header>
                <main class="app-stages">
                    <h2 class="app-row-title">
                        { "Compile time: from text to instructions" }
                        <span class="app-row-hint">{ "click a token, a tree node or an instruction to see where it comes from" }</span>
                        <span class="app-legend" aria-label="what the colours mean">
                            <span class="app-legend-item app-legend-current">{ "just ran" }</span>
                            <span class="app-legend-item app-legend-selected">{ "you clicked" }</span>
                            <span class="app-legend-item app-legend-new">{ "just changed" }</span>
                        </span>
                    </h2>
                    <div class="app-row app-row-compile">
                        <SourcePanel
                            editor_text={AttrValue::from(state.editor_text.to_string())}
                            compiled={state.compiled.clone()}
                            {is_compiling}
                            {on_edit}
                        />
                        <TokensPanel compiled={state.compiled.clone()} />
                        <AstPanel
                            compiled={state.compiled.clone()}
                            folded={state.folded_ast_nodes.clone()}
                            on_toggle={on_toggle_ast}
                        />
                        <BytecodePanel
                            compiled={state.compiled.clone()}
                            shown_listing={state.shown_listing}
                            {on_show_listing}
                        />
                    </div>
                    <h2 class="app-row-title">
                        { "Run time: the virtual machine executes the instructions" }
                        <span class="app-row-hint">{ "press Step (or →) and watch the stack, the objects and the output change" }</span>
                    </h2>
                    <div class="app-row app-row-run">
                        <FramesPanel machine={state.machine.clone()} />
                        <HeapPanel
                            machine={state.machine.clone()}
                            show_all={state.show_all_heap_objects}
                            {on_toggle_show_all}
                        />
                        <OutputPanel machine={state.machine.clone()} />
                    </div>
                </main>
            </div>
        </ContextProvider<Highlight>>
    }
}
