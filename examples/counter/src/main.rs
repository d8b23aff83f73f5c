//! Mounts the counter in the page, with the devtools panel (feature `devtools`).

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(page);
}

#[cfg(feature = "devtools")]
fn page() -> impl leptos::IntoView {
    use leptos::prelude::*;
    view! {
        <h1>"leptos-state counter"</h1>
        <counter::App/>
        <leptos_state_devtools::StateDevtools/>
    }
}

#[cfg(not(feature = "devtools"))]
fn page() -> impl leptos::IntoView {
    use leptos::prelude::*;
    view! {
        <h1>"leptos-state counter"</h1>
        <counter::App/>
    }
}
