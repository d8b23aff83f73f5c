//! One store in the panel: its state tree, its action log, time travel, export and import,
//! and its history, optimistic changes and persistence where attached.

use crate::{
    history_view::HistoryView, optimistic_view::OptimisticView, persistence_view::PersistenceView,
    tree::tree,
};
use leptos::prelude::*;
use leptos_state::devtools::{DiffKind, DiffOp, Inspector, LogEntry, StoreInfo};
use std::collections::HashSet;

/// The selected store: everything the devtools can show and do with it.
// `#[component]` makes the generated function `pub`.
#[allow(unreachable_pub)]
#[component]
pub(crate) fn StoreView(store: StoreInfo) -> impl IntoView {
    let name = store.name.clone();
    let inspected = match store.inspector {
        Some(inspector) => {
            // The log entry whose state the tree shows instead of the live one.
            let viewing = RwSignal::new(None::<u64>);
            view! {
                <StateTree inspector=inspector.clone() viewing/>
                <TimeTravel inspector=inspector.clone() viewing/>
                <ActionLog inspector=inspector.clone() viewing/>
                <Transfer inspector name/>
            }
            .into_any()
        }
        None => view! {
            <p class="lsd-hint">
                "This store is not inspected. Call " <code>"store.inspect()"</code> " (or "
                <code>"inspect_any()"</code>
                " for a type without " <code>"#[derive(State)]"</code>
                ") to see its state and log here."
            </p>
        }
        .into_any(),
    };
    let persistence = (!store.persistence.is_empty())
        .then(|| view! { <PersistenceView persistence=store.persistence/> });
    view! {
        <section class="lsd-store" data-store=store.name>
            {inspected}
            {store.history.map(|history| view! { <HistoryView history/> })}
            {store.optimistic.map(|optimistic| view! { <OptimisticView optimistic/> })}
            {persistence}
        </section>
    }
}

#[component]
fn StateTree(inspector: Inspector, viewing: RwSignal<Option<u64>>) -> impl IntoView {
    let query = RwSignal::new(String::new());
    let collapsed = RwSignal::new(HashSet::new());
    // A memo, so that a change the JSON does not show (a redacted field) redraws nothing.
    let state = Memo::new(move |_| match viewing.get() {
        Some(seq) => inspector.state_at(seq),
        None => inspector.state(),
    });
    let shown = move || match state.get() {
        Ok(state) => query.with(|query| tree(&state, query, collapsed)),
        Err(err) => view! { <p class="lsd-error">{err.to_string()}</p> }.into_any(),
    };
    view! {
        <div class="lsd-section lsd-state">
            <h3>
                "State "
                <span class="lsd-mode">
                    {move || match viewing.get() {
                        Some(seq) => format!("after #{seq}"),
                        None => "live".to_owned(),
                    }}
                </span>
            </h3>
            <input
                class="lsd-search"
                type="search"
                placeholder="Search keys"
                aria-label="Search keys"
                prop:value=query
                on:input=move |ev| query.set(event_target_value(&ev))
            />
            {shown}
        </div>
    }
}

#[component]
fn TimeTravel(inspector: Inspector, viewing: RwSignal<Option<u64>>) -> impl IntoView {
    let controls = move || {
        let seq = viewing.get()?;
        // One per selected entry: a failed jump's message goes with its entry.
        let error = RwSignal::new(None::<String>);
        let diff = match inspector.diff(seq) {
            Ok(ops) => diff_view(ops),
            Err(err) => view! { <p class="lsd-error">{err.to_string()}</p> }.into_any(),
        };
        let jumper = inspector.clone();
        Some(view! {
            <div class="lsd-section lsd-travel">
                <h3>"Change #" {seq}</h3>
                {diff}
                <button
                    class="lsd-jump"
                    on:click=move |_| match jumper.jump(seq) {
                        Ok(()) => {
                            error.set(None);
                            viewing.set(None);
                        }
                        Err(err) => error.set(Some(err.to_string())),
                    }
                >
                    "Jump here"
                </button>
                <button
                    class="lsd-live"
                    on:click=move |_| {
                        error.set(None);
                        viewing.set(None);
                    }
                >
                    "Back to live"
                </button>
                <p class="lsd-error" role="alert">{move || error.get()}</p>
            </div>
        })
    };
    view! { {controls} }
}

fn diff_view(ops: Vec<DiffOp>) -> AnyView {
    if ops.is_empty() {
        return view! { <p class="lsd-empty">"No visible change (or only redacted fields)."</p> }
            .into_any();
    }
    let rows = ops
        .into_iter()
        .map(|op| {
            let (kind, text) = match op.kind {
                DiffKind::Add => ("add", format!("+ {}", show(op.new.as_ref()))),
                DiffKind::Remove => ("remove", format!("- {}", show(op.old.as_ref()))),
                DiffKind::Replace => (
                    "replace",
                    format!("{} → {}", show(op.old.as_ref()), show(op.new.as_ref())),
                ),
            };
            view! {
                <li class="lsd-op" data-op=kind>
                    <code class="lsd-op-path">{op.path}</code>
                    " "
                    <span class="lsd-op-change">{text}</span>
                </li>
            }
        })
        .collect_view();
    view! { <ul class="lsd-diff">{rows}</ul> }.into_any()
}

fn show(value: Option<&serde_json::Value>) -> String {
    value.map_or_else(|| "nothing".to_owned(), |value| value.to_string())
}

#[component]
fn ActionLog(inspector: Inspector, viewing: RwSignal<Option<u64>>) -> impl IntoView {
    view! {
        <div class="lsd-section lsd-log">
            <h3>"Action log"</h3>
            <ol class="lsd-entries">
                <For
                    each=move || inspector.log()
                    key=|entry| (entry.seq(), entry.has_state())
                    children=move |entry| view! { <LogRow entry viewing/> }
                />
            </ol>
        </div>
    }
}

#[component]
fn LogRow(entry: LogEntry, viewing: RwSignal<Option<u64>>) -> impl IntoView {
    let seq = entry.seq();
    let title = if entry.has_state() {
        "Show the state after this change"
    } else {
        "Too old: its state is no longer kept"
    };
    view! {
        <li
            class="lsd-entry"
            class:lsd-selected=move || viewing.get() == Some(seq)
            class:lsd-no-state=!entry.has_state()
            data-seq=seq
            data-origin=entry.origin().to_string()
        >
            <button class="lsd-entry-button" title=title on:click=move |_| viewing.set(Some(seq))>
                <span class="lsd-seq">"#" {seq}</span>
                " "
                <time class="lsd-time">{clock(entry.time_ms())}</time>
                " "
                <span class="lsd-action">{entry.action().to_owned()}</span>
                " "
                <span class="lsd-origin">{entry.origin().to_string()}</span>
                " "
                <span class="lsd-touched">{entry.touched().to_string()}</span>
            </button>
        </li>
    }
}

/// `HH:MM:SS.mmm` in local time.
pub(crate) fn clock(ms: f64) -> String {
    let date = js_sys::Date::new(&ms.into());
    format!(
        "{:02}:{:02}:{:02}.{:03}",
        date.get_hours(),
        date.get_minutes(),
        date.get_seconds(),
        date.get_milliseconds()
    )
}

#[component]
fn Transfer(inspector: Inspector, name: String) -> impl IntoView {
    let exported = RwSignal::new(None::<Result<String, String>>);
    let text = RwSignal::new(String::new());
    let imported = RwSignal::new(None::<Result<(), String>>);
    let exporter = inspector.clone();
    let export_view = move || {
        exported.get().map(|export| match export {
            Ok(json) => {
                let href = format!(
                    "data:application/json;charset=utf-8,{}",
                    js_sys::encode_uri_component(&json)
                );
                view! {
                    <textarea class="lsd-export" readonly aria-label="Export" prop:value=json/>
                    <a class="lsd-download" href=href download=format!("{name}.json")>
                        "Download"
                    </a>
                }
                .into_any()
            }
            Err(err) => view! { <p class="lsd-error">{err}</p> }.into_any(),
        })
    };
    view! {
        <div class="lsd-section lsd-transfer">
            <h3>"Export and import"</h3>
            <button
                class="lsd-export-button"
                on:click=move |_| exported.set(Some(exporter.export().map_err(|e| e.to_string())))
            >
                "Export state and log"
            </button>
            {export_view}
            <textarea
                class="lsd-import"
                aria-label="State to import"
                placeholder="Paste a state, or an export"
                prop:value=text
                on:input=move |ev| text.set(event_target_value(&ev))
            />
            <button
                class="lsd-import-button"
                on:click=move |_| {
                    let result = text.with_untracked(|text| inspector.import(text));
                    if result.is_ok() {
                        text.set(String::new());
                    }
                    imported.set(Some(result.map_err(|err| err.to_string())));
                }
            >
                "Import"
            </button>
            {move || match imported.get() {
                Some(Ok(())) => Some(view! { <p class="lsd-import-done">"Imported."</p> }.into_any()),
                Some(Err(err)) => {
                    Some(view! { <p class="lsd-import-error" role="alert">{err}</p> }.into_any())
                }
                None => None,
            }}
        </div>
    }
}
