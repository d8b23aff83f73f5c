//! leptos-state in a server-rendered, hydrated Leptos app, built and served by
//! `scripts/ssr`.
//!
//! - The todos live on the server. The page makes its store with `Store::new_shared`: the
//!   server renders from it and sends its state with the HTML, and the hydrating browser
//!   starts from that state, so its first render matches the server's.
//! - Adding and ticking a todo are optimistic changes that call real server functions
//!   (`add_todo`, `toggle_todo`). A todo whose text contains "fail" is refused by the
//!   server: it is rolled back alone, with the error shown, while the others in flight are
//!   saved. A saved todo gets its real id from the server's answer (`confirm_with`), and a
//!   ticked one the server's word on whether it is done (`settle_with`).
//! - The list's filter is this browser's preference, kept in `localStorage` and loaded once
//!   the page has hydrated: the server renders the default, the browser then the saved one.
//! - A machine shares its snapshot the same way (`use_machine_shared`): it moves to
//!   `Server` when the server renders the page, and the hydrated page starts there (the
//!   devtools panel shows it).
//! - The devtools panel and the Redux DevTools bridge render nothing on the server and start
//!   once the page has hydrated.
//! - `/bench/store`, `/bench/resource` and `/bench/resource-static` hydrate the same 10,000
//!   rows from a shared store and from plain `Resource`s, for `e2e/ssr-bench.spec.mjs`.

// Leptos' server-rendered views have deep types.
#![recursion_limit = "256"]

pub mod app;
pub mod bench;
#[cfg(feature = "hydrate")]
mod hydration_timer;
pub mod model;
#[cfg(feature = "ssr")]
pub mod serve;
pub mod server;

use leptos::prelude::*;
use leptos_router::{
    components::{Route, Router, Routes},
    path,
};

/// The whole HTML document the server sends, with the scripts that hydrate it.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    view! {
        <!DOCTYPE html>
        <html lang="en">
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <title>"leptos-state: a server-rendered todo list"</title>
                // No icon: the browser would ask the server for one and log its 404.
                <link rel="icon" href="data:,"/>
                <HydrationScripts options/>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

/// The app: the todo page, and the benchmark pages.
#[component]
pub fn App() -> impl IntoView {
    // Connects the inspected stores to the Redux DevTools extension, in the browser, once
    // the page has hydrated; `None` on the server and without the extension. Kept as a
    // local value only where there is one: the server drops its values on other threads.
    if let Some(bridge) = leptos_state::devtools::redux::connect() {
        StoredValue::new_local(bridge);
    }
    view! {
        <Router>
            <main>
                <Routes fallback=|| "There is no such page.">
                    <Route path=path!("/") view=app::TodoPage/>
                    <Route path=path!("/bench/store") view=bench::FromStore/>
                    <Route path=path!("/bench/resource") view=bench::FromResource/>
                    <Route
                        path=path!("/bench/resource-static")
                        view=bench::FromResourceStatic
                    />
                </Routes>
            </main>
        </Router>
    }
}

/// Hydrates the server's HTML: the browser's entry point.
#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    hydration_timer::start();
    leptos::mount::hydrate_body(App);
}
