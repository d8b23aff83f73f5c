//! One store in the panel, laid out as the Redux DevTools' monitor: the action log on one
//! side (filtered by action name, following new entries, with a slider to travel through
//! it) and Action / State / Diff tabs on the other; then export and import, and its
//! history, optimistic changes and persistence where attached.

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
            let transfer = inspector.clone();
            // The log entry whose state the tree shows instead of the live one.
            let viewing = RwSignal::new(None::<u64>);
            let tab = RwSignal::new(Tab::State);
            view! {
                <div class="lsd-monitor">
                    <div class="lsd-log-pane">
                        <ActionLog inspector=inspector.clone() viewing/>
                        <TimeTravel inspector=inspector.clone() viewing/>
                    </div>
                    <div class="lsd-inspect-pane">
                        <Tabs tab/>
                        {move || match tab.get() {
                            Tab::Action => view! { <ActionTab inspector=inspector.clone() viewing/> }.into_any(),
                            Tab::State => view! { <StateTree inspector=inspector.clone() viewing/> }.into_any(),
                            Tab::Diff => view! { <DiffTab inspector=inspector.clone() viewing/> }.into_any(),
                        }}
                    </div>
                </div>
                <Transfer inspector=transfer name/>
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
    let refused = {
        let inspector = inspector.clone();
        Memo::new(move |_| {
            viewing
                .get()
                .and_then(|seq| inspector.entry(seq))
                .is_some_and(|entry| entry.refused().is_some())
        })
    };
    let state = Memo::new(move |_| match viewing.get() {
        Some(seq) => inspector.state_at(seq),
        None => inspector.state(),
    });
    let shown = move || {
        if refused.get() {
            return view! { <p class="lsd-hint">{REFUSED}</p> }.into_any();
        }
        match state.get() {
            Ok(state) => query.with(|query| tree(&state, query, collapsed)),
            Err(err) => view! { <p class="lsd-error">{err.to_string()}</p> }.into_any(),
        }
    };
    view! {
        <div class="lsd-section lsd-state">
            <h3>
                "State "
                <span class="lsd-state-of">
                    {move || viewing_label(viewing)}
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

/// What the State and Diff tabs say of a refused write.
const REFUSED: &str = "A middleware refused this write: the store did not change.";

/// The inspect pane's tabs.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Tab {
    Action,
    State,
    Diff,
}

impl Tab {
    const ALL: [Tab; 3] = [Tab::Action, Tab::State, Tab::Diff];

    fn name(self) -> &'static str {
        match self {
            Tab::Action => "Action",
            Tab::State => "State",
            Tab::Diff => "Diff",
        }
    }
}

#[component]
fn Tabs(tab: RwSignal<Tab>) -> impl IntoView {
    let buttons = Tab::ALL
        .into_iter()
        .map(|choice| {
            view! {
                <button
                    class="lsd-tab"
                    role="tab"
                    data-tab=choice.name().to_lowercase()
                    aria-selected=move || (tab.get() == choice).to_string()
                    on:click=move |_| tab.set(choice)
                >
                    {choice.name()}
                </button>
            }
        })
        .collect_view();
    view! { <div class="lsd-tabs" role="tablist">{buttons}</div> }
}

/// Which state the view shows: `after #seq`, or `live`. Tracked.
fn viewing_label(viewing: RwSignal<Option<u64>>) -> String {
    match viewing.get() {
        Some(seq) => format!("after #{seq}"),
        None => "live".to_owned(),
    }
}

/// What the selected change was: its name, origin, time and path, and for a refused write,
/// who refused it and why.
#[component]
fn ActionTab(inspector: Inspector, viewing: RwSignal<Option<u64>>) -> impl IntoView {
    let shown = move || {
        let Some(seq) = viewing.get() else {
            return view! {
                <p class="lsd-hint">"Select a change in the log to see what it was."</p>
            }
            .into_any();
        };
        let Some(entry) = inspector.entry(seq) else {
            return view! { <p class="lsd-hint">"This change has left the log."</p> }.into_any();
        };
        let refusal = entry.refused().map(|(middleware, reason)| {
            view! {
                <dt>"Refused by"</dt>
                <dd class="lsd-refusal">{format!("{middleware}: {reason}")}</dd>
            }
        });
        let kept = if entry.refused().is_some() {
            "none: the store did not change"
        } else if entry.has_state() {
            "kept: it can be shown and jumped to"
        } else {
            "too old: no longer kept"
        };
        view! {
            <dl class="lsd-action-detail">
                <dt>"Change"</dt>
                <dd>"#" {seq} " " <span class="lsd-action">{entry.action().to_owned()}</span></dd>
                <dt>"Origin"</dt>
                <dd class="lsd-origin">{entry.origin().to_string()}</dd>
                <dt>"At"</dt>
                <dd class="lsd-time">{clock(entry.time_ms())}</dd>
                <dt>"Path"</dt>
                <dd class="lsd-touched">{entry.touched().to_string()}</dd>
                {refusal}
                <dt>"State"</dt>
                <dd>{kept}</dd>
            </dl>
        }
        .into_any()
    };
    view! { <div class="lsd-section lsd-action-tab">{shown}</div> }
}

/// What the selected change changed.
#[component]
fn DiffTab(inspector: Inspector, viewing: RwSignal<Option<u64>>) -> impl IntoView {
    let shown = move || match viewing.get() {
        None => view! { <p class="lsd-hint">"Select a change in the log to see its diff."</p> }
            .into_any(),
        Some(seq) if inspector.entry(seq).is_some_and(|e| e.refused().is_some()) => {
            view! { <p class="lsd-hint">{REFUSED}</p> }.into_any()
        }
        Some(seq) => match inspector.diff(seq) {
            Ok(ops) => diff_view(ops),
            Err(err) => view! { <p class="lsd-error">{err.to_string()}</p> }.into_any(),
        },
    };
    view! { <div class="lsd-section lsd-diff-tab">{shown}</div> }
}

/// Time travel: a slider over the changes whose state is kept, the live state at its end.
/// Moving it previews a past state in the State tab without touching the app; "Jump here"
/// commits to it, "Back to live" leaves it.
#[component]
fn TimeTravel(inspector: Inspector, viewing: RwSignal<Option<u64>>) -> impl IntoView {
    let kept = {
        let inspector = inspector.clone();
        Memo::new(move |_| {
            inspector
                .log()
                .into_iter()
                .filter(LogEntry::has_state)
                .map(|entry| entry.seq())
                .collect::<Vec<_>>()
        })
    };
    let position = move || {
        let seqs = kept.get();
        viewing
            .get()
            .and_then(|seq| seqs.iter().position(|&kept| kept == seq))
            .unwrap_or(seqs.len())
    };
    let slide = move |ev: leptos::ev::Event| {
        let at: usize = event_target_value(&ev).parse().unwrap_or(usize::MAX);
        viewing.set(kept.with_untracked(|seqs| seqs.get(at).copied()));
    };
    // One message per selected entry: a failed jump's goes with its entry.
    let error = RwSignal::new(None::<String>);
    Effect::new(move |_| {
        viewing.track();
        error.set(None);
    });
    let can_jump = {
        let inspector = inspector.clone();
        move || {
            viewing
                .get()
                .and_then(|seq| inspector.entry(seq))
                .is_some_and(|entry| entry.has_state())
        }
    };
    let jumper = StoredValue::new(inspector);
    let jump = move |seq: Option<u64>| {
        let Some(seq) = seq else {
            return;
        };
        match jumper.with_value(|inspector| inspector.jump(seq)) {
            Ok(()) => viewing.set(None),
            Err(err) => error.set(Some(err.to_string())),
        }
    };
    view! {
        <div class="lsd-section lsd-slider-row">
            <input
                class="lsd-slider"
                type="range"
                min="0"
                aria-label="Travel through the log"
                prop:max=move || kept.with(Vec::len).to_string()
                prop:value=move || position().to_string()
                on:input=slide
            />
            <span class="lsd-mode">
                {move || viewing_label(viewing)}
            </span>
        </div>
        <Show when=move || viewing.get().is_some()>
            <div class="lsd-section lsd-travel">
                <Show when=can_jump.clone()>
                    <button
                        class="lsd-jump"
                        title="Put this state in the app"
                        on:click=move |_| jump(viewing.get_untracked())
                    >
                        "Jump here"
                    </button>
                </Show>
                <button class="lsd-live" on:click=move |_| viewing.set(None)>
                    "Back to live"
                </button>
                <p class="lsd-error" role="alert">{move || error.get()}</p>
            </div>
        </Show>
    }
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

/// The action log, filtered by action name, following new entries while scrolled to its
/// end.
#[component]
fn ActionLog(inspector: Inspector, viewing: RwSignal<Option<u64>>) -> impl IntoView {
    let filter = RwSignal::new(String::new());
    let entries = Memo::new(move |_| {
        let log = inspector.log();
        filter.with(|filter| {
            let filter = filter.trim().to_lowercase();
            log.into_iter()
                .filter(|entry| {
                    filter.is_empty() || entry.action().to_lowercase().contains(&filter)
                })
                .collect::<Vec<_>>()
        })
    });
    let list = NodeRef::<leptos::html::Ol>::new();
    // Whether the list is scrolled to its end: new entries then scroll into view.
    let following = StoredValue::new(true);
    Effect::new(move |_| {
        entries.track();
        if following.get_value()
            && let Some(list) = list.get()
        {
            list.set_scroll_top(list.scroll_height());
        }
    });
    let on_scroll = move |_| {
        if let Some(list) = list.get_untracked() {
            let end = list.scroll_top() + list.client_height() >= list.scroll_height() - 8;
            following.set_value(end);
        }
    };
    view! {
        <div class="lsd-section lsd-log">
            <h3>"Action log " <span class="lsd-count">{move || entries.with(Vec::len)}</span></h3>
            <input
                class="lsd-log-filter"
                type="search"
                placeholder="Filter by action"
                aria-label="Filter by action"
                prop:value=filter
                on:input=move |ev| filter.set(event_target_value(&ev))
            />
            <ol class="lsd-entries" node_ref=list on:scroll=on_scroll>
                <For
                    each=move || entries.get()
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
    let refusal = entry
        .refused()
        .map(|(middleware, reason)| format!("refused by {middleware}: {reason}"));
    let refused = refusal.is_some();
    let title = if refused {
        "A middleware refused this write: nothing changed"
    } else if entry.has_state() {
        "Show the state after this change"
    } else {
        "Too old: its state is no longer kept"
    };
    view! {
        <li
            class="lsd-entry"
            class:lsd-selected=move || viewing.get() == Some(seq)
            class:lsd-no-state=!entry.has_state()
            class:lsd-refused=refused
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
                {refusal.map(|text| view! { <span class="lsd-refusal">{text}</span> })}
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
