//! Stage 5, the heap (CPython's `Objects/` and `Include/object.h`): every object the program has
//! made or uses, with its type, value and reference count. Immortal objects (None, small ints,
//! interned strings) are marked; objects made, freed or re-counted in the last step stand out.
//! By default only the objects the program is using are listed (what its names and value stacks
//! refer to, a little way down, and what the last step touched), not the whole runtime.

use std::collections::{BTreeMap, BTreeSet};

use pyxray::{HeapObjectView, StateView};
use yew::prelude::*;

use crate::components::panel::Panel;
use crate::highlight::Highlight;
use crate::state::{SelectionOrigin, Shared};

#[derive(Properties, PartialEq)]
pub struct HeapPanelProps {
    pub machine: Shared<StateView>,
    pub show_all: bool,
    pub on_toggle_show_all: Callback<()>,
}

#[component]
pub fn HeapPanel(props: &HeapPanelProps) -> Html {
    let highlight = use_context::<Highlight>();
    let machine = &props.machine;
    let changes = &machine.changes;
    let in_use = objects_in_use(machine);
    let shown: Vec<&HeapObjectView> = machine
        .heap
        .iter()
        .filter(|object| props.show_all || in_use.contains(&object.id))
        .collect();
    let hidden = machine.heap.len() - shown.len();
    let toggle = if hidden > 0 || props.show_all {
        let on_toggle = props.on_toggle_show_all.clone();
        let label = if props.show_all {
            "show only the objects in use".to_string()
        } else {
            format!(
                "show all {} objects (also the runtime's own)",
                machine.heap.len()
            )
        };
        html! {
            <button class="heap-show-all" data-testid="heap-show-all"
                onclick={Callback::from(move |_: MouseEvent| on_toggle.emit(()))}>
                { label }
            </button>
        }
    } else {
        Html::default()
    };
    let body = if machine.heap.is_empty() && machine.step == 0 && machine.finished {
        html! { <p class="panel-empty">{ "No objects: the program cannot run until it compiles." }</p> }
    } else if machine.heap.is_empty() {
        html! { <p class="panel-empty">{ "No objects yet: press Step to watch the VM create and use them." }</p> }
    } else if shown.is_empty() {
        html! { <p class="panel-empty">{ "The program is not using any object yet." }</p> }
    } else {
        html! {
            <table class="heap-table">
                <thead>
                    <tr>
                        <th title="the object's id: one object for the whole run">{ "object" }</th>
                        <th>{ "value" }</th>
                        <th title="how many references point at the object; at 0 it is freed">{ "refcount" }</th>
                        <th title="objects this one refers to">{ "refers to" }</th>
                    </tr>
                </thead>
                <tbody>
                    { for shown.iter().map(|object| {
                        let is_new = changes.allocated.contains(&object.id);
                        let recounted = changes.refcount_changed.contains(&object.id);
                        render_object(object, is_new, recounted, highlight.as_ref())
                    }) }
                </tbody>
            </table>
        }
    };
    let freed = if changes.freed.is_empty() {
        Html::default()
    } else {
        html! {
            <p class="heap-freed" data-testid="heap-freed">
                { "Freed in this step (refcount reached 0): " }
                { changes.freed.iter().map(|id| format!("#{id}")).collect::<Vec<_>>().join(", ") }
            </p>
        }
    };
    html! {
        <Panel number="5" title="Heap (objects & refcounts)" class="heap-panel" testid="heap-panel"
            subtitle="the objects in memory and how many references keep each alive">
            { freed }
            { body }
            { toggle }
        </Panel>
    }
}

fn render_object(
    object: &HeapObjectView,
    is_new: bool,
    recounted: bool,
    highlight: Option<&Highlight>,
) -> Html {
    let id = object.id;
    let is_selected = highlight.is_some_and(|h| {
        h.selection.object == Some(id)
            || h.selection
                .object
                .is_some_and(|selected| object.references.contains(&selected))
    });
    let onclick = highlight.map(|h| {
        let select = h.select.clone();
        Callback::from(move |_: MouseEvent| select.emit(SelectionOrigin::Object(id)))
    });
    let refcount = if object.immortal {
        html! { <span class="heap-immortal" title="immortal: its refcount never changes and it is never freed">{ "immortal" }</span> }
    } else {
        html! { <span class="heap-refcount-value">{ object.refcount }</span> }
    };
    html! {
        <tr
            class={classes!(
                "heap-object",
                is_new.then_some("is-new"),
                recounted.then_some("is-recounted"),
                object.immortal.then_some("is-immortal"),
                is_selected.then_some("is-selected"),
            )}
            data-testid="heap-object"
            {onclick}
        >
            <td class="heap-id">{ format!("#{id}") }</td>
            <td class="heap-value">
                <code class="heap-repr">{ &object.repr }</code>
                <span class="heap-type">{ &object.type_name }</span>
            </td>
            <td class="heap-refcount">
                { refcount }
                if recounted { <span class="heap-changed-badge" title="changed in this step">{ " ●" }</span> }
            </td>
            <td class="heap-references">
                { object.references.iter().map(|id| format!("#{id}")).collect::<Vec<_>>().join(" ") }
            </td>
        </tr>
    }
}

/// How far down references are followed from names and stack values.
const IN_USE_DEPTH: usize = 2;
/// Containers with more references than this (a module's namespace) are not followed.
const IN_USE_FAN_OUT: usize = 16;

/// The objects the program is using now: what the frames' names (other than `__dunder__` ones)
/// and value stacks refer to, followed a little way down, and what the last step touched.
fn objects_in_use(machine: &StateView) -> BTreeSet<u32> {
    let by_id: BTreeMap<u32, &HeapObjectView> = machine
        .heap
        .iter()
        .map(|object| (object.id, object))
        .collect();
    let mut roots: Vec<u32> = Vec::new();
    for frame in &machine.frames {
        roots.extend(frame.stack.iter().map(|value| value.object));
        roots.extend(
            frame
                .names
                .iter()
                .filter(|(name, _)| !(name.starts_with("__") && name.ends_with("__")))
                .map(|(_, value)| value.object),
        );
    }
    roots.extend(&machine.changes.allocated);
    roots.extend(&machine.changes.refcount_changed);
    let mut in_use = BTreeSet::new();
    let mut layer: Vec<u32> = roots;
    for depth in 0..=IN_USE_DEPTH {
        let mut next_layer = Vec::new();
        for id in layer {
            if !in_use.insert(id) || depth == IN_USE_DEPTH {
                continue;
            }
            if let Some(object) = by_id.get(&id) {
                if object.type_name != "module" && object.references.len() <= IN_USE_FAN_OUT {
                    next_layer.extend(&object.references);
                }
            }
        }
        layer = next_layer;
    }
    in_use
}
