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
                <h1>"leptos-state"</h1>
                <p class="tagline">
                    "Reactive state for Leptos: stores, slices, undo, machines, persistence and devtools. "
                    "Every card below is a working example; open the devtools with the button at the bottom left, or Alt+Shift+D."
                </p>
                <nav aria-label="Examples">
                    <a href="#counter-example">"Counter"</a>
                    <a href="#todomvc-example">"TodoMVC"</a>
                    <a href="#checkout-example">"Checkout"</a>
                    <a href="#traffic-light-example">"Traffic light"</a>
                    <a href="#audit-log-example">"Audit log"</a>
                    <a href="#signup-example">"Sign up"</a>
                </nav>
            </header>
            <main class="cards">
                <Card
                    id="counter-example"
                    title="Counter"
                    try_this="Click −1 at zero: the validator refuses the change and says why. \
                              Open the devtools and jump back to an earlier count in the log."
                >
                    <counter::App/>
                </Card>
                <Card
                    id="todomvc-example"
                    title="TodoMVC"
                    try_this="Add a todo that says \"fail\": it shows at once, marked as saving, and goes when the server refuses it. \
                              Double-click a todo to edit it; open a second tab and both stay in sync."
                >
                    <todomvc::App server=server.clone() storage=storage.clone()/>
                </Card>
                <Card
                    id="checkout-example"
                    title="Checkout"
                    try_this="Give an address, then a card number of 12 digits or more, and pay: the form is then locked. \
                              Open Help at any step: Return takes you back to the step you left."
                >
                    <checkout::App/>
                </Card>
                <Card
                    id="traffic-light-example"
                    title="Traffic light"
                    try_this="Switch it on: each lamp is a state left on a timer (red 3 s, green 2.5 s, yellow 0.8 s). \
                              Switch it off between two lamps: the pending timer is cancelled."
                >
                    <traffic_light::App/>
                </Card>
                <Card
                    id="audit-log-example"
                    title="Audit log"
                    try_this="Change the name as ada, then as grace: each change is logged with who made it. \
                              An email without an @ is refused, and the log says nothing of it."
                >
                    <audit_log::App/>
                </Card>
                <Card
                    id="signup-example"
                    title="Sign up"
                    try_this="Type a one-letter name: its error shows at once, and what you typed stays. \
                              Fill every field correctly and the button sends the form."
                >
                    <signup::App/>
                </Card>
            </main>
            <leptos_state_devtools::StateDevtools/>
        }
    });
}

/// One example: a titled card with what to try in it.
#[component]
fn Card(
    id: &'static str,
    title: &'static str,
    try_this: &'static str,
    children: Children,
) -> impl IntoView {
    let heading = format!("{id}-title");
    let labelled_by = heading.clone();
    view! {
        <section id=id class="card" aria-labelledby=labelled_by>
            <h2 id=heading>{title}</h2>
            <p class="try-this">{try_this}</p>
            <div class="card-body">{children()}</div>
        </section>
    }
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
