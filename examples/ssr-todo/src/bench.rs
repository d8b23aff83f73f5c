//! Three pages that hydrate the same 10,000 rows from the server, for
//! `e2e/ssr-bench.spec.mjs`:
//!
//! - `/bench/store`: a shared store (`Store::new_shared`); each row reads its label through
//!   its own slice, so a change to one row re-runs that row alone;
//! - `/bench/resource`: plain Leptos with the same fine-grained updates: a `Resource`, and a
//!   `RwSignal` per row's label;
//! - `/bench/resource-static`: a `Resource` drawn once, with no per-row reactivity: the least
//!   work hydration can do, where changing a row re-renders it from the list.
//!
//! Each writes how long hydrating took, from the start of `hydrate()` to the first effect
//! after it, into `window.__hydration_ms` for the benchmark to read.

use leptos::prelude::*;
use leptos_state::prelude::*;
use serde::{Deserialize, Serialize};

/// How many rows each page hydrates.
pub const ROWS: usize = 10_000;

/// One row, as the js-framework-benchmark draws them.
#[derive(State, Clone, PartialEq, Debug, Serialize, Deserialize)]
pub struct Row {
    /// Its key.
    pub id: usize,
    /// Its text.
    pub label: String,
}

/// The rows.
#[derive(State, Clone, PartialEq, Debug, Default, Serialize, Deserialize)]
pub struct Rows {
    /// The rows, by key.
    #[state(key = |r| r.id)]
    pub rows: Vec<Row>,
}

/// The rows both pages draw: the same on every call.
pub fn rows() -> Vec<Row> {
    (1..=ROWS)
        .map(|id| Row {
            id,
            label: format!("row number {id}, pretty and large"),
        })
        .collect()
}

/// Writes how long hydration took, once it is done: effects first run after hydration.
fn time_hydration() {
    Effect::new(move |_| {
        #[cfg(feature = "hydrate")]
        crate::hydration_timer::done();
    });
}

/// 10,000 rows from a shared store: each row reads its own slices.
#[component]
pub fn FromStore() -> impl IntoView {
    let store = Store::new_shared_named("bench rows", || Rows { rows: rows() });
    let keys = move || store.rows().keys();
    time_hydration();
    view! {
        <table id="bench">
            <tbody>
                <For each=keys key=|id| *id let:id>
                    {
                        let row = store.rows().by_key(id);
                        view! {
                            <tr>
                                <td class="id">{id}</td>
                                <td class="label">{move || row.label().get()}</td>
                            </tr>
                        }
                    }
                </For>
            </tbody>
        </table>
    }
}

/// 10,000 rows from a Leptos `Resource`, each row's label in a signal of its own, as a plain
/// Leptos app gives rows that change one at a time.
#[component]
pub fn FromResource() -> impl IntoView {
    let loaded = Resource::new(|| (), |()| async { rows() });
    view! {
        <Suspense fallback=|| "loading">
            {move || Suspend::new(async move {
                let rows: Vec<(usize, RwSignal<String>)> = loaded
                    .await
                    .into_iter()
                    .map(|row| (row.id, RwSignal::new(row.label)))
                    .collect();
                time_hydration();
                view! {
                    <table id="bench">
                        <tbody>
                            <For each=move || rows.clone() key=|(id, _)| *id let:((id, label))>
                                <tr>
                                    <td class="id">{id}</td>
                                    <td class="label">{move || label.get()}</td>
                                </tr>
                            </For>
                        </tbody>
                    </table>
                }
            })}
        </Suspense>
    }
}

/// 10,000 rows from a Leptos `Resource`, drawn once: no row can change without the list
/// drawing it again.
#[component]
pub fn FromResourceStatic() -> impl IntoView {
    let loaded = Resource::new(|| (), |()| async { rows() });
    view! {
        <Suspense fallback=|| "loading">
            {move || Suspend::new(async move {
                let rows = loaded.await;
                time_hydration();
                view! {
                    <table id="bench">
                        <tbody>
                            <For each=move || rows.clone() key=|row| row.id let:row>
                                <tr>
                                    <td class="id">{row.id}</td>
                                    <td class="label">{row.label}</td>
                                </tr>
                            </For>
                        </tbody>
                    </table>
                }
            })}
        </Suspense>
    }
}
