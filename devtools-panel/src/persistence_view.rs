//! How a store is persisted, in the panel: hydrated, writes, the last write, the last error.

use crate::store_view::clock;
use leptos::prelude::*;
use leptos_state::Persist;

/// One row per persistence of the store.
// `#[component]` makes the generated function `pub`.
#[allow(unreachable_pub)]
#[component]
pub(crate) fn PersistenceView(persistence: Vec<Persist>) -> impl IntoView {
    let rows = persistence
        .into_iter()
        .map(|persist| view! { <PersistRow persist/> })
        .collect_view();
    view! {
        <div class="lsd-section lsd-persistence">
            <h3>"Persistence"</h3>
            <ul class="lsd-persists">{rows}</ul>
        </div>
    }
}

#[component]
fn PersistRow(persist: Persist) -> impl IntoView {
    let backend = persist.backend().to_owned();
    let (status, flusher) = (persist.clone(), persist.clone());
    let hydrated = move || {
        if status.hydrated() {
            "hydrated"
        } else {
            "reading…"
        }
    };
    let reader = persist.clone();
    let writes = move || match reader.last_write() {
        Some(at) => format!("{} writes, last at {}", reader.writes(), clock(at)),
        None => "no writes yet".to_owned(),
    };
    let refused = persist.clone();
    let error = move || persist.error().map(|err| err.to_string());
    view! {
        <li class="lsd-persist" data-backend=backend.clone()>
            <span class="lsd-action">{backend.clone()}</span>
            " · "
            <span class="lsd-hydrated">{hydrated}</span>
            " · "
            <span class="lsd-writes">{writes}</span>
            " "
            <button class="lsd-flush" on:click=move |_| flusher.flush()>
                "Write now"
            </button>
            {move || refused.rejected().then(|| view! {
                <p class="lsd-error">
                    "The stored value was refused and is kept: nothing is written until the \
                     application calls overwrite_stored()."
                </p>
            })}
            <p class="lsd-error lsd-persist-error" role="alert">{error}</p>
        </li>
    }
}
