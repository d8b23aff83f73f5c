//! One machine in the panel: its diagram (the states as nested boxes, parallel regions side
//! by side, and the transitions drawn over them as arrows labelled with their events, the
//! active states and the last transition taken highlighted), the buttons for its events, its
//! context and its transition log.

use leptos::{prelude::*, wasm_bindgen::JsCast};
use leptos_state::devtools::{
    EventInfo, GraphTransition, MachineGraph, MachineInfo, MachineInspector, MachineLogEntry,
    StateKind, StepKind,
};
use std::collections::HashMap;

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
    let last = {
        let inspector = inspector.clone();
        Memo::new(move |_| last_transition(&inspector.log()))
    };
    let (arrows, ancestry) = edges_of(&graph);
    view! {
        <section class="lsd-machine" data-machine=machine.name>
            <div class="lsd-section lsd-diagram">
                <h3>"Diagram"</h3>
                <Graph boxes=nodes(&graph, None, active) arrows ancestry active last/>
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

/// The last transition the machine took: its event (or `after N ms`) and the states it
/// left.
fn last_transition(log: &[MachineLogEntry]) -> Option<(Option<String>, Vec<String>)> {
    log.iter().rev().find_map(|entry| match &entry.kind {
        StepKind::Transition { from, .. } => Some((entry.event.clone(), from.clone())),
        _ => None,
    })
}

/// One transition to draw: from the state `source` to `target`, labelled `label`; `trigger`
/// is its event, matched against the steps the machine takes.
#[derive(Clone, PartialEq)]
struct Edge {
    source: String,
    target: String,
    trigger: String,
    label: String,
    /// An initial transition (drawn dashed).
    initial: bool,
}

/// Each state with the states it is inside, itself first.
type Ancestry = HashMap<String, Vec<String>>;

/// Every transition of `graph` with a target, as edges, initial transitions included; and
/// each state's ancestry.
fn edges_of(graph: &MachineGraph) -> (Vec<Edge>, Ancestry) {
    let mut edges = Vec::new();
    let mut ancestry = Ancestry::new();
    for state in &graph.states {
        let mut around = vec![state.name.clone()];
        let mut parent = state.parent;
        while let Some(at) = parent {
            around.push(graph.states[at].name.clone());
            parent = graph.states[at].parent;
        }
        ancestry.insert(state.name.clone(), around);
        let transitions = state
            .default
            .iter()
            .map(|t| (t, true))
            .chain(state.transitions.iter().map(|t| (t, false)));
        for (transition, initial) in transitions {
            for target in &transition.targets {
                let guard = if transition.guarded { " [guard]" } else { "" };
                edges.push(Edge {
                    source: state.name.clone(),
                    target: target.clone(),
                    trigger: transition.trigger.clone(),
                    label: format!("{}{guard}", transition.trigger),
                    initial,
                });
            }
        }
    }
    (edges, ancestry)
}

/// An edge as drawn: its path and where its label goes, in the canvas' pixels.
#[derive(Clone, PartialEq)]
struct Drawn {
    at: usize,
    path: String,
    label_x: f64,
    label_y: f64,
}

/// The boxes, and over them an SVG of the transitions: each an arc in the diagram's right
/// margin from its source's box to its target's, labelled with its event. The arcs are
/// measured from the laid-out boxes, again whenever the diagram changes size.
#[component]
fn Graph(
    boxes: AnyView,
    arrows: Vec<Edge>,
    ancestry: Ancestry,
    active: Memo<Vec<String>>,
    last: Memo<Option<(Option<String>, Vec<String>)>>,
) -> impl IntoView {
    let canvas = NodeRef::<leptos::html::Div>::new();
    let drawn = RwSignal::new(Vec::<Drawn>::new());
    let size = RwSignal::new((0.0_f64, 0.0_f64));
    let edges = StoredValue::new(arrows);
    let measure = move || {
        let Some(canvas) = canvas.get_untracked() else {
            return;
        };
        let origin = canvas.get_bounding_client_rect();
        let rect_of = |name: &str| {
            let selector = format!(
                ".lsd-node[data-state=\"{}\"]",
                name.replace('\\', "\\\\").replace('"', "\\\"")
            );
            let node = canvas.query_selector(&selector).ok()??;
            let title = node.first_element_child()?.get_bounding_client_rect();
            let rect = node.get_bounding_client_rect();
            Some((
                rect.right() - origin.left(),
                title.top() + title.height() / 2.0 - origin.top(),
            ))
        };
        let mut lanes = 0.0;
        let lines = edges.with_value(|edges| {
            edges
                .iter()
                .enumerate()
                .filter_map(|(at, edge)| {
                    let (sx, sy) = rect_of(&edge.source)?;
                    let (tx, ty) = rect_of(&edge.target)?;
                    if edge.source == edge.target {
                        let path = format!(
                            "M {sx} {a} C {c} {b}, {c} {d}, {sx} {e}",
                            a = sy - 4.0,
                            b = sy - 16.0,
                            c = sx + 28.0,
                            d = sy + 16.0,
                            e = sy + 4.0
                        );
                        return Some(Drawn {
                            at,
                            path,
                            label_x: sx + 30.0,
                            label_y: sy + 4.0,
                        });
                    }
                    lanes += 1.0;
                    let bulge = 18.0 + 0.3 * (ty - sy).abs() + 6.0 * (lanes % 4.0);
                    let cx = sx.max(tx) + bulge;
                    let path = format!("M {sx} {sy} C {cx} {sy}, {cx} {ty}, {tx} {ty}");
                    Some(Drawn {
                        at,
                        path,
                        label_x: 0.125 * (sx + tx) + 0.75 * cx + 4.0,
                        label_y: (sy + ty) / 2.0 + 4.0,
                    })
                })
                .collect::<Vec<_>>()
        });
        // The boxes' own extent (the SVG is absolutely placed in the same canvas, and would
        // count itself), plus the right margin the arcs and labels are drawn in.
        let boxes = canvas.first_element_child();
        let (width, height) = boxes.map_or((0.0, 0.0), |boxes| {
            let rect = boxes.get_bounding_client_rect();
            (rect.right() - origin.left(), rect.bottom() - origin.top())
        });
        size.set((width + 150.0, height));
        drawn.set(lines);
    };
    // Measured once laid out, and again whenever the diagram's size changes (the panel is
    // resized or docked elsewhere, a box grows).
    type Callback = leptos::wasm_bindgen::closure::Closure<dyn FnMut()>;
    let observer = StoredValue::new_local(None::<(web_sys::ResizeObserver, Callback)>);
    Effect::new(move |_| {
        let Some(canvas) = canvas.get() else {
            return;
        };
        measure();
        // A new canvas gets a new observer; the old one stops before its callback is dropped.
        if let Some((old, _callback)) = observer.try_update_value(Option::take).flatten() {
            old.disconnect();
        }
        let callback = Callback::new(measure);
        if let Ok(watch) = web_sys::ResizeObserver::new(callback.as_ref().unchecked_ref()) {
            watch.observe(&canvas);
            observer.set_value(Some((watch, callback)));
        }
    });
    on_cleanup(move || {
        if let Some((watch, _callback)) = observer.try_update_value(Option::take).flatten() {
            watch.disconnect();
        }
    });
    // The last transition: an edge with its event, from a state the step left (or one
    // around it).
    let ancestry = StoredValue::new(ancestry);
    let lit = move |at: usize| {
        edges.with_value(|edges| {
            let edge = &edges[at];
            last.with(|last| {
                last.as_ref().is_some_and(|(event, from)| {
                    !edge.initial
                        && event.as_deref() == Some(edge.trigger.as_str())
                        && ancestry.with_value(|ancestry| {
                            from.iter().any(|left| {
                                ancestry
                                    .get(left)
                                    .is_some_and(|around| around.contains(&edge.source))
                            })
                        })
                })
            })
        })
    };
    let arrows = move || {
        drawn
            .get()
            .into_iter()
            .map(|line| {
                let (label, initial, source) = edges.with_value(|edges| {
                    let edge = &edges[line.at];
                    (edge.label.clone(), edge.initial, edge.source.clone())
                });
                let from_active = move || active.with(|active| active.contains(&source));
                let at = line.at;
                view! {
                    <g
                        class="lsd-arrow"
                        class:lsd-initial-arrow=initial
                        class:lsd-last=move || lit(at)
                        class:lsd-from-active=from_active
                    >
                        <path d=line.path marker-end="url(#lsd-arrowhead)"></path>
                        <text x=line.label_x y=line.label_y>{label}</text>
                    </g>
                }
            })
            .collect_view()
    };
    view! {
        <div class="lsd-graph" node_ref=canvas>
            {boxes}
            <svg
                class="lsd-arrows"
                aria-hidden="true"
                width=move || size.get().0
                height=move || size.get().1
            >
                <defs>
                    <marker
                        id="lsd-arrowhead"
                        viewBox="0 0 10 10"
                        refX="9"
                        refY="5"
                        markerWidth="7"
                        markerHeight="7"
                        orient="auto-start-reverse"
                    >
                        <path d="M 0 0 L 10 5 L 0 10 z"></path>
                    </marker>
                </defs>
                {arrows}
            </svg>
        </div>
    }
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
