//! Mounts the checkout wizard.

fn main() {
    leptos::mount::mount_to_body(checkout::App);
}
