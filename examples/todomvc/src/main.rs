//! Mounts the TodoMVC example: todos saved in IndexedDB (database `todomvc`) and synced
//! across tabs, and new todos sent to a simulated server that answers after 600 ms and
//! refuses any todo that mentions "fail".

fn main() {
    let server = todomvc::Server::new(600, |text| text.contains("fail"));
    let storage = todomvc::Storage::IndexedDb {
        database: "todomvc".into(),
    };
    leptos::mount::mount_to_body(move || leptos::view! { <todomvc::App server storage/> });
}
