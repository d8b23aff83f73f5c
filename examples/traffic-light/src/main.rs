//! Mounts the traffic light.

use leptos::prelude::*;

fn main() {
    leptos::mount::mount_to_body(|| view! { <traffic_light::App/> });
}
