//! The showcase page that `scripts/showcase` serves: the counter (with the devtools panel)
//! and TodoMVC, whose todos are saved in IndexedDB, synced across tabs, and sent to a
//! simulated server that answers after 600 ms and refuses any todo that mentions "fail".

use leptos::prelude::*;

fn main() {
    console_error_panic_hook::set_once();
    let server = todomvc::Server::new(600, |text| text.contains("fail"));
    let storage = todomvc::Storage {
        database: "leptos-state-showcase".into(),
    };
    mount_to_body(move || {
        view! {
            <counter::App/>
            <todomvc::App server storage/>
        }
    });
}
