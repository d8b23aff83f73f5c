//! Mounts the TodoMVC example.

fn main() {
    leptos::mount::mount_to_body(todomvc::App);
}
