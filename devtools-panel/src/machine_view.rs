//! One machine in the panel: its diagram with the active states, the buttons for its events,
//! its context and its transition log.

use leptos::prelude::*;
use leptos_state::devtools::{
    EventInfo, GraphTransition, MachineGraph, MachineInfo, MachineInspector, MachineLogEntry,
    StateKind, StepKind,
};

/// The selected machine.
// `#[component]` makes the generated function `pub`.
#[allow(unreachable_pub)]
#[component]
pub(crate) fn MachineView(machine: MachineInfo) -> impl IntoView {
    let inspector = machine.inspector;
    let graph = inspector.graph();
    let active = {
        let inspector = inspector.clone();
        Memo::new(move |_| inspector.active())
    };
    let context = {
        let inspector = inspector.clone();
        move || inspector.context()
    };
    let mermaid = inspector.mermaid();
    view! {
        <section class="lsd-machine" data-machine=machine.name>
            <div class="lsd-section lsd-diagram">
                <h3>"Diagram"</h3>
                {nodes(&graph, None, active)}
                <details class="lsd-mermaid">
                    <summary>"Mermaid"</summary>
                    <pre>{mermaid}</pre>
                </details>
            </div>
            <Events inspector=inspector.clone()/>
            <div class="lsd-section">
                <h3>"Context"</h3>
                <pre class="lsd-context">{context}</pre>
            </div>
            <TransitionLog inspector/>
        </section>
    }
}

/// The states whose parent is `parent`, each with its transitions and children.
fn nodes(graph: &MachineGraph, parent: Option<usize>, active: Memo<Vec<String>>) -> AnyView {
    let children: Vec<AnyView> = graph
        .states
        .iter()
        .enumerate()
        .filter(|(_, state)| state.parent == parent)
        .map(|(at, state)| {
            let name = state.name.clone();
            let edges = state
                .default
                .iter()
                .chain(&state.transitions)
                .map(|t| view! { <li class="lsd-edge">{edge_text(t)}</li> })
                .collect_view();
            let kind = match state.kind {
                StateKind::Atomic => "atomic",
                StateKind::Compound => "compound",
                StateKind::Parallel => "parallel",
                StateKind::Final => "final",
                StateKind::History => "history",
            };
            let is_active = {
                let name = name.clone();
                move || active.with(|active| active.contains(&name))
            };
            let data = name.clone();
            view! {
                <div
                    class="lsd-node"
                    class:lsd-active=is_active
                    class:lsd-initial=state.initial
                    data-state=data
                    data-kind=kind
                >
                    <div class="lsd-node-name">{name}</div>
                    <ul class="lsd-edges">{edges}</ul>
                    {nodes(graph, Some(at), active)}
                </div>
            }
            .into_any()
        })
        .collect();
    let parallel = parent.is_some_and(|p| graph.states[p].kind == StateKind::Parallel);
    view! { <div class="lsd-nodes" class:lsd-regions=parallel>{children}</div> }.into_any()
}

/// A transition as UML writes it: `trigger [guard] / N actions → targets`.
fn edge_text(t: &GraphTransition) -> String {
    let targets = if t.targets.is_empty() {
        "(stays)".to_owned()
    } else {
        t.targets.join(", ")
    };
    let guard = if t.guarded { " [guard]" } else { "" };
    let actions = match t.actions {
        0 => String::new(),
        1 => " / 1 action".to_owned(),
        n => format!(" / {n} actions"),
    };
    format!("{}{guard}{actions} → {targets}", t.trigger)
}

#[component]
fn Events(inspector: MachineInspector) -> impl IntoView {
    let events = {
        let inspector = inspector.clone();
        Memo::new(move |_| inspector.events())
    };
    let inspector = StoredValue::new(inspector);
    view! {
        <div class="lsd-section lsd-events">
            <h3>"Send an event"</h3>
            {move || {
                events
                    .get()
                    .into_iter()
                    .enumerate()
                    .map(|(index, EventInfo { label, enabled })| {
                        let data = label.clone();
                        view! {
                            <button
                                class="lsd-event"
                                data-event=data
                                disabled=!enabled
                                on:click=move |_| {
                                    inspector.with_value(|i| i.send(index));
                                }
                            >
                                {label}
                            </button>
                        }
                    })
                    .collect_view()
            }}
        </div>
    }
}

#[component]
fn TransitionLog(inspector: MachineInspector) -> impl IntoView {
    view! {
        <div class="lsd-section">
            <h3>"Transition log"</h3>
            <ol class="lsd-entries lsd-machine-log">
                <For
                    each=move || inspector.log()
                    key=|entry| entry.seq
                    children=|entry| view! { <StepRow entry/> }
                />
            </ol>
        </div>
    }
}

#[component]
fn StepRow(entry: MachineLogEntry) -> impl IntoView {
    let event = entry.event.unwrap_or_else(|| "(no event)".to_owned());
    let (kind, what) = match entry.kind {
        StepKind::Transition { from, to } => (
            "transition",
            format!("{} → {}", from.join(", "), to.join(", ")),
        ),
        StepKind::Ignored => ("ignored", "ignored: no active state handles it".to_owned()),
        StepKind::Error(message) => ("error", message),
        _ => ("other", String::new()),
    };
    view! {
        <li class="lsd-entry lsd-step" data-seq=entry.seq data-kind=kind>
            <span class="lsd-seq">"#" {entry.seq}</span>
            " "
            <time class="lsd-time">{crate::store_view::clock(entry.time_ms)}</time>
            " "
            <span class="lsd-action">{event}</span>
            " "
            <span class="lsd-touched">{what}</span>
        </li>
    }
}
