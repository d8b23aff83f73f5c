//! An in-page devtools panel for [leptos-state](https://docs.rs/leptos-state).
//!
//! Add [`StateDevtools`] once, in the root component, and the page shows a panel listing every
//! live store: its name and its state type. The list follows stores as they are created and
//! dropped.
//!
//! ```no_run
//! use leptos::prelude::*;
//! use devtools_panel::StateDevtools;
//!
//! #[component]
//! fn App() -> impl IntoView {
//!     view! {
//!         <main>"the app"</main>
//!         <StateDevtools/>
//!     }
//! }
//! ```
#![deny(missing_docs)]

use leptos::prelude::*;
use leptos_state::devtools::{StoreInfo, live_stores};

const PANEL_STYLE: &str = "position: fixed; right: 1rem; bottom: 1rem; z-index: 2147483647; \
    min-width: 16rem; max-height: 50vh; overflow: auto; padding: 0.75rem 1rem; \
    font: 13px/1.4 ui-monospace, monospace; color: #e8e8e8; background: #1f2430; \
    border-radius: 6px; box-shadow: 0 4px 16px rgba(0, 0, 0, 0.35);";

/// A floating panel that lists every live leptos-state store.
///
/// Each row shows the store's name and its state type. Stores appear when created and
/// disappear when dropped or disposed with their component.
#[component]
pub fn StateDevtools() -> impl IntoView {
    let stores = Memo::new(|_| live_stores());
    view! {
        <aside class="leptos-state-devtools" aria-label="leptos-state devtools" style=PANEL_STYLE>
            <h2 style="margin: 0 0 0.5rem; font-size: 13px;">
                "Stores (" <span class="store-count">{move || stores.with(Vec::len)}</span> ")"
            </h2>
            <ul class="store-list" style="margin: 0; padding: 0; list-style: none;">
                <For
                    each=move || stores.get()
                    key=|store| store.id
                    children=|store| view! { <StoreRow store/> }
                />
            </ul>
        </aside>
    }
}

#[component]
fn StoreRow(store: StoreInfo) -> impl IntoView {
    view! {
        <li class="store" data-store-id=store.id.to_string()>
            <span class="store-name">{store.name}</span>
            " "
            <code class="store-type" style="color: #9aa5ce;">{store.type_name}</code>
        </li>
    }
}
