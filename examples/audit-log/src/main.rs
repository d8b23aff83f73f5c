//! Mounts the audited profile form in the page (the showcase shows it beside the others).

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(audit_log::App);
}
