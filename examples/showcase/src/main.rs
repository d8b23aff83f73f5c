//! The showcase page that `scripts/showcase` serves: every example on one page, with the
//! devtools panel.
//!
//! - the counter, with a validator and a logger;
//! - TodoMVC, whose todos are saved in IndexedDB (in `localStorage` with `?storage=local` in
//!   the address), synced across tabs, and sent to a simulated server that answers after
//!   600 ms and refuses any todo that mentions "fail";
//! - the checkout wizard, a machine over a form whose card number the devtools redact;
//! - the traffic light, a machine with delayed transitions;
//! - the audit log, an add-on written outside the library, over a profile form;
//! - the sign-up form, validated field by field with garde while the user types.
//!
//! With the Redux DevTools extension installed, every inspected store shows there too.

use leptos::prelude::*;

fn main() {
    console_error_panic_hook::set_once();
    let server = todomvc::Server::new(600, |text| text.contains("fail"));
    let storage = todomvc_storage();
    mount_to_body(move || {
        // Kept for the life of the page; `None` without the extension. The bridge exists
        // in the browser only.
        #[cfg(target_arch = "wasm32")]
        StoredValue::new_local(leptos_state::devtools::redux::connect());
        view! {
            <header class="showcase">
                <h1>"leptos-state showcase"</h1>
                <nav>
                    <a href="#counter-example">"Counter"</a>
                    " · "
                    <a href="#todomvc-example">"TodoMVC"</a>
                    " · "
                    <a href="#checkout-example">"Checkout"</a>
                    " · "
                    <a href="#traffic-light-example">"Traffic light"</a>
                    " · "
                    <a href="#audit-log-example">"Audit log"</a>
                    " · "
                    <a href="#signup-example">"Sign up"</a>
                    " · open the devtools with the button at the bottom left, or Alt+Shift+D"
                </nav>
            </header>
            <section id="counter-example">
                <counter::App/>
            </section>
            <section id="todomvc-example">
                <todomvc::App server=server.clone() storage=storage.clone()/>
            </section>
            <section id="checkout-example">
                <h2>"Checkout"</h2>
                <checkout::App/>
            </section>
            <section id="traffic-light-example">
                <h2>"Traffic light"</h2>
                <traffic_light::App/>
            </section>
            <section id="audit-log-example">
                <audit_log::App/>
            </section>
            <section id="signup-example">
                <signup::App/>
            </section>
            <leptos_state_devtools::StateDevtools/>
        }
    });
}

/// Where TodoMVC saves its todos: IndexedDB, or `localStorage` when the address says
/// `?storage=local`.
fn todomvc_storage() -> todomvc::Storage {
    let query = window().location().search().unwrap_or_default();
    if query
        .trim_start_matches('?')
        .split('&')
        .any(|pair| pair == "storage=local")
    {
        todomvc::Storage::LocalStorage {
            key: "leptos-state-showcase-todos".into(),
        }
    } else {
        todomvc::Storage::IndexedDb {
            database: "leptos-state-showcase".into(),
        }
    }
}
