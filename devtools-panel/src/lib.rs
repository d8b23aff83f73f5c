//! An in-page devtools panel for [leptos-state](https://docs.rs/leptos-state).
//!
//! Add [`StateDevtools`] once, in the root component. A floating button (or
//! <kbd>Alt</kbd>+<kbd>Shift</kbd>+<kbd>D</kbd>) opens a panel listing every live store; for
//! each store made visible with `store.inspect()` it shows:
//!
//! - the current state as a collapsible tree, searchable by key, with fields marked
//!   `#[state(redact)]` shown as `[redacted]`;
//! - the action log, as the Redux DevTools' monitor lays it out, beside Action / State /
//!   Diff tabs: each change's number, time, name, origin and path, and for a write a
//!   middleware refused, the middleware and its reason; a filter by action name; the log
//!   follows new entries while scrolled to its end. Select a change (or move the slider
//!   over the log) to preview the state right after it and what it changed (a JSON diff)
//!   without touching the app, then jump there (a change tagged `Origin::Devtools`) when the
//!   log still keeps that state, or go back to live;
//! - export of the state and log as JSON, and import of a state, checked by the store's own
//!   `Deserialize` (a mismatch is shown and changes nothing).
//!
//! For each machine made visible with `actor.inspect(..)` it draws the chart as a graph (the
//! states as nested boxes, parallel regions side by side, the transitions as arrows labelled
//! with their events; the active states and the last transition taken highlighted), and
//! shows its context, its transition log and a button per listed event.
//!
//! The panel docks right, left or bottom, making room for the page beside it (the page's
//! root element gets the padding), with an inner edge that drags to resize it; or it floats
//! where you drag its title bar, always inside the window, on a drag, a reload or a resize
//! of the window. "Reset" puts it back docked right at its first size. It remembers all that
//! and whether it was open across reloads (in `localStorage`). While it is closed, inspected
//! stores and machines log nothing, copy nothing and serialize nothing; what they logged
//! while it was open stays for the next time it opens.
//!
//! It works in client-rendered and server-rendered apps alike, and enables none of Leptos'
//! `csr`, `hydrate` and `ssr` features: your app picks one. On the server it renders an empty
//! placeholder (the panel needs the window and its storage), and the hydrating page shows the
//! panel once it has hydrated.
//!
//! Keep it out of production builds with a cargo feature of your app:
//!
//! ```toml
//! [features]
//! devtools = ["dep:leptos-state-devtools", "leptos-state/devtools"]
//! ```
//!
//! ```no_run
//! use leptos::prelude::*;
//! use leptos_state::{State, Store};
//! use serde::{Deserialize, Serialize};
//!
//! #[derive(State, Clone, Default, Serialize, Deserialize)]
//! struct Settings {
//!     theme: String,
//!     #[state(redact)]
//!     api_key: String,
//! }
//!
//! #[component]
//! fn App() -> impl IntoView {
//!     let settings = Store::new_named("settings", Settings::default());
//!     settings.inspect();
//!     view! {
//!         <main>"the app"</main>
//!         <leptos_state_devtools::StateDevtools/>
//!     }
//! }
//! ```
#![deny(missing_docs)]
// A server-rendered or hydrating build compiles the panel's views for those modes too, whose
// types are deeper than the compiler's default limit (as Leptos' own examples say).
#![recursion_limit = "256"]

mod history_view;
mod layout;
mod machine_view;
mod optimistic_view;
mod persistence_view;
mod prefs;
mod store_view;
mod style;
mod tree;

pub use prefs::Dock;

use leptos::{ev, prelude::*};
use leptos_state::devtools::{self, MachineInfo, StoreInfo, Watching, live_machines, live_stores};
use machine_view::MachineView;
use prefs::Prefs;
use store_view::StoreView;

/// The devtools: a floating button that opens a panel showing every live leptos-state store.
///
/// See the [crate docs](crate) for what it shows. Mount it once, anywhere in the app (it is
/// fixed to the window). <kbd>Alt</kbd>+<kbd>Shift</kbd>+<kbd>D</kbd> opens and closes it.
///
/// It appears once the app has mounted in the browser: rendered on the server it is an empty
/// placeholder (it reads the window and its storage, which the server has not), and a
/// hydrating page renders the same placeholder, then the panel.
#[component]
pub fn StateDevtools() -> impl IntoView {
    // Effects run only in the browser, after the first render (and after hydration).
    let mounted = RwSignal::new(false);
    Effect::new(move |_| mounted.set(true));
    view! {
        <Show when=move || mounted.get()>
            <Devtools/>
        </Show>
    }
}

/// The devtools, in the browser.
#[component]
fn Devtools() -> impl IntoView {
    let prefs = RwSignal::new(Prefs::load());
    let grab = grab_signal();
    // Saved once a drag ends, not on every pointer move.
    Effect::new(move |_| {
        let prefs = prefs.get();
        if grab.with(Option::is_none) {
            prefs.save();
        }
    });
    let open = Memo::new(move |_| prefs.with(|p| p.open));
    let toggle = move || prefs.update(|p| p.open = !p.open);

    // Inspected stores keep states for the log only while the panel is open.
    let watching = StoredValue::new(None::<Watching>);
    Effect::new(move |_| {
        let open = open.get();
        watching.update_value(|w| *w = open.then(devtools::watch));
    });

    let shortcut = window_event_listener(ev::keydown, move |ev| {
        if ev.alt_key() && ev.shift_key() && ev.code() == "KeyD" {
            ev.prevent_default();
            toggle();
        }
    });
    let panel = NodeRef::<leptos::html::Aside>::new();
    let viewport = RwSignal::new(layout::viewport());
    let resized = window_event_listener(ev::resize, move |_| viewport.set(layout::viewport()));
    let drag = dragging(prefs, panel);
    on_cleanup(move || {
        shortcut.remove();
        resized.remove();
        drag.remove();
    });

    // Type-erased: a server-rendered app compiles this view for the server too, and its
    // full type would be deeper than the compiler's default limit there.
    view! {
        <style>{style::CSS}</style>
        <Show when=move || !open.get()>
            <button
                class="lsd-toggle"
                aria-label="Open leptos-state devtools"
                title="leptos-state devtools (Alt+Shift+D)"
                on:click=move |_| toggle()
            >
                "state"
            </button>
        </Show>
        <Show when=move || open.get()>
            <Panel prefs panel viewport/>
        </Show>
    }
    .into_any()
}

/// A drag in progress: of the floating panel's title bar (with the pointer's offset from
/// the panel's corner), or of a docked panel's inner edge.
#[derive(Clone, Copy)]
enum Grab {
    Move { dx: f64, dy: f64 },
    Edge,
}

/// Follows a drag: moves the floating panel, kept inside the window, or resizes the docked
/// one.
fn dragging(prefs: RwSignal<Prefs>, panel: NodeRef<leptos::html::Aside>) -> Listeners {
    let grab = grab_signal();
    let moving = window_event_listener(ev::pointermove, move |ev| {
        let Some(grabbed) = grab.get_untracked() else {
            return;
        };
        let (x, y) = (f64::from(ev.client_x()), f64::from(ev.client_y()));
        let window = layout::viewport();
        match grabbed {
            Grab::Move { dx, dy } => {
                let Some(size) = layout::size_of(panel) else {
                    return;
                };
                let (x, y) = layout::inside(x - dx, y - dy, size, window);
                prefs.update(|p| {
                    p.x = x;
                    p.y = y;
                });
            }
            Grab::Edge => prefs.update(|p| layout::drag_edge(p, x, y, window)),
        }
    });
    let released = window_event_listener(ev::pointerup, move |_| grab.set(None));
    Listeners(vec![moving, released])
}

/// The drag in progress, shared by the title bar that starts it and the window that follows.
fn grab_signal() -> RwSignal<Option<Grab>> {
    match use_context::<RwSignal<Option<Grab>>>() {
        Some(grab) => grab,
        None => {
            let grab = RwSignal::new(None);
            provide_context(grab);
            grab
        }
    }
}

struct Listeners(Vec<WindowListenerHandle>);

impl Listeners {
    fn remove(self) {
        for listener in self.0 {
            listener.remove();
        }
    }
}

/// What the panel's detail pane shows.
#[derive(Clone, PartialEq)]
enum Shown {
    Store(StoreInfo),
    Machine(MachineInfo),
}

impl Shown {
    fn id(&self) -> u64 {
        match self {
            Shown::Store(store) => store.id,
            Shown::Machine(machine) => machine.id,
        }
    }
}

#[component]
fn Panel(
    prefs: RwSignal<Prefs>,
    panel: NodeRef<leptos::html::Aside>,
    viewport: RwSignal<layout::Size>,
) -> impl IntoView {
    let stores = Memo::new(|_| live_stores());
    let machines = Memo::new(|_| live_machines());
    // Stores and machines share one id space.
    let selected = RwSignal::new(None::<u64>);
    // Show the first store until something is picked, and forget a pick once it is gone.
    let current = Memo::new(move |_| {
        let picked = selected.get();
        let store = stores.with(|stores| {
            stores
                .iter()
                .find(|s| Some(s.id) == picked)
                .cloned()
                .map(Shown::Store)
        });
        store
            .or_else(|| {
                machines.with(|machines| {
                    machines
                        .iter()
                        .find(|m| Some(m.id) == picked)
                        .cloned()
                        .map(Shown::Machine)
                })
            })
            .or_else(|| stores.with(|stores| stores.first().cloned().map(Shown::Store)))
    });
    let current_id = Memo::new(move |_| current.with(|c| c.as_ref().map(Shown::id)));
    let grab = grab_signal();
    let dock = Memo::new(move |_| prefs.with(|p| p.dock));
    let position = move || {
        let window = viewport.get();
        prefs.with(|p| match p.dock {
            Dock::Float => format!("left: {}px; top: {}px;", p.x, p.y),
            Dock::Bottom => format!("height: {}px;", layout::docked_size(p, window)),
            Dock::Left | Dock::Right => format!("width: {}px;", layout::docked_size(p, window)),
        })
    };
    // Floating, the panel is put back inside the window when it opens, when the window is
    // resized and when it is undocked.
    Effect::new(move |_| {
        let window = viewport.get();
        if dock.get() != Dock::Float {
            return;
        }
        let Some(size) = layout::size_of(panel) else {
            panel.track();
            return;
        };
        let (x, y) = prefs.with_untracked(|p| layout::inside(p.x, p.y, size, window));
        if prefs.with_untracked(|p| (p.x, p.y)) != (x, y) {
            prefs.update(|p| {
                p.x = x;
                p.y = y;
            });
        }
    });
    // Docked, the page gets the room the panel takes; closed or floating, it gets it back.
    Effect::new(move |_| {
        let window = viewport.get();
        let docked = prefs.with(|p| (p.dock, layout::docked_size(p, window)));
        layout::make_room(Some(docked));
    });
    on_cleanup(|| layout::make_room(None));
    let dock_buttons = Dock::ALL
        .into_iter()
        .map(|choice| {
            view! {
                <button
                    class="lsd-dock"
                    data-dock=choice.as_str()
                    title=format!("Dock: {}", choice.as_str())
                    aria-pressed=move || (dock.get() == choice).to_string()
                    on:click=move |_| prefs.update(|p| p.dock = choice)
                >
                    {choice.as_str()}
                </button>
            }
        })
        .collect_view();
    view! {
        <aside
            class="leptos-state-devtools"
            aria-label="leptos-state devtools"
            data-dock=move || dock.get().as_str()
            style=position
            node_ref=panel
        >
            <Show when=move || dock.get() != Dock::Float>
                <div
                    class="lsd-resize"
                    title="Drag to resize"
                    on:pointerdown=move |ev| {
                        ev.prevent_default();
                        grab.set(Some(Grab::Edge));
                    }
                ></div>
            </Show>
            <header
                class="lsd-header"
                on:pointerdown=move |ev| {
                    if dock.get_untracked() == Dock::Float {
                        let (x, y) = prefs.with_untracked(|p| (p.x, p.y));
                        grab.set(Some(Grab::Move {
                            dx: f64::from(ev.client_x()) - x,
                            dy: f64::from(ev.client_y()) - y,
                        }));
                    }
                }
            >
                <h2>
                    "leptos-state · " <span class="store-count">{move || stores.with(Vec::len)}</span>
                    " stores · " <span class="machine-count">{move || machines.with(Vec::len)}</span>
                    " machines"
                </h2>
                {dock_buttons}
                <button
                    class="lsd-reset"
                    title="Reset: docked right, at its first size"
                    on:pointerdown=|ev| ev.stop_propagation()
                    on:click=move |_| prefs.update(|p| *p = p.reset())
                >
                    "reset"
                </button>
                <button
                    class="lsd-close"
                    aria-label="Close devtools"
                    on:pointerdown=|ev| ev.stop_propagation()
                    on:click=move |_| prefs.update(|p| p.open = false)
                >
                    "×"
                </button>
            </header>
            <div class="lsd-body">
                <div class="lsd-sidebar">
                    <h3>"Stores"</h3>
                    <ul class="lsd-stores store-list">
                        <For
                            each=move || stores.get()
                            key=|store| (store.id, store.inspector.is_some())
                            children=move |store| {
                                view! {
                                    <Row
                                        id=store.id
                                        name=store.name
                                        type_name=store.type_name
                                        current=current_id
                                        selected
                                    />
                                }
                            }
                        />
                    </ul>
                    <h3>"Machines"</h3>
                    <ul class="lsd-stores machine-list">
                        <For
                            each=move || machines.get()
                            key=|machine| machine.id
                            children=move |machine| {
                                view! {
                                    <Row
                                        id=machine.id
                                        name=machine.name
                                        type_name=machine.state_type
                                        current=current_id
                                        selected
                                    />
                                }
                            }
                        />
                    </ul>
                </div>
                <div class="lsd-detail">
                    {move || {
                        current
                            .get()
                            .map(|shown| match shown {
                                Shown::Store(store) => view! { <StoreView store/> }.into_any(),
                                Shown::Machine(machine) => {
                                    view! { <MachineView machine/> }.into_any()
                                }
                            })
                    }}
                </div>
            </div>
        </aside>
    }
}

/// A store or a machine in the sidebar.
#[component]
fn Row(
    id: u64,
    name: String,
    type_name: &'static str,
    current: Memo<Option<u64>>,
    selected: RwSignal<Option<u64>>,
) -> impl IntoView {
    view! {
        <li
            class="store"
            class:lsd-selected=move || current.get() == Some(id)
            data-id=id.to_string()
        >
            <button on:click=move |_| selected.set(Some(id))>
                <span class="store-name">{name}</span>
                <code class="store-type">{type_name}</code>
            </button>
        </li>
    }
}
