//! Mounts the TodoMVC example, saving new todos to a simulated server that answers after
//! 600 ms and refuses any todo that mentions "fail".

fn main() {
    let server = todomvc::Server::new(600, |text| text.contains("fail"));
    leptos::mount::mount_to_body(move || leptos::view! { <todomvc::App server/> });
}
