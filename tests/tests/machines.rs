//! Machines in a real browser: delayed transitions on the browser's own timers, and
//! components that render a machine's state and send events on click.
#![cfg(target_arch = "wasm32")]

#[path = "util/dom.rs"]
mod dom;

use dom::{find, mount, settle, sleep, text};
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use web_sys::{Event, EventInit, HtmlButtonElement, HtmlElement, HtmlInputElement};

wasm_bindgen_test_configure!(run_in_browser);

fn fast() -> traffic_light::Timing {
    // Wide windows, so that a busy machine's late timers still land in the expected light.
    traffic_light::Timing {
        red: 50,
        green: 400,
        yellow: 400,
    }
}

#[wasm_bindgen_test]
async fn the_traffic_light_changes_on_real_timers_and_stops_when_switched_off() {
    let (root, _app) = mount(|| view! { <traffic_light::App timing=fast()/> }).await;
    assert_eq!(text(&root, "#light"), "off");

    find(&root, "#power").click();
    settle().await;
    assert_eq!(text(&root, "#light"), "red");
    sleep(150).await; // red ends at 50 ms, green at 450 ms
    assert_eq!(text(&root, "#light"), "green");
    sleep(400).await; // yellow lasts until 850 ms
    assert_eq!(text(&root, "#light"), "yellow");

    // Switching off cancels the pending timer: nothing changes however long we wait.
    find(&root, "#power").click();
    settle().await;
    assert_eq!(text(&root, "#light"), "off");
    sleep(500).await;
    assert_eq!(text(&root, "#light"), "off");
    assert_eq!(text(&root, "#cycles"), "1");
}

fn type_into(root: &HtmlElement, selector: &str, value: &str) {
    let input: HtmlInputElement = find(root, selector).unchecked_into();
    input.set_value(value);
    let init = EventInit::new();
    init.set_bubbles(true);
    input
        .dispatch_event(&Event::new_with_event_init_dict("input", &init).unwrap())
        .unwrap();
}

fn enabled(root: &HtmlElement, selector: &str) -> bool {
    !find(root, selector)
        .unchecked_into::<HtmlButtonElement>()
        .disabled()
}

#[wasm_bindgen_test]
async fn the_checkout_wizard_guards_its_steps_remembers_them_and_finishes() {
    let (root, _app) = mount(checkout::App).await;
    assert_eq!(text(&root, "#step"), "Address");
    assert!(!enabled(&root, "#next"), "an empty address cannot go on");

    type_into(&root, "#address", "1 Main St");
    settle().await;
    assert!(enabled(&root, "#next"));
    find(&root, "#next").click();
    settle().await;
    assert_eq!(text(&root, "#step"), "Payment");

    // Help, then back to the step we left.
    find(&root, "#help").click();
    settle().await;
    assert_eq!(text(&root, "#step"), "Help");
    find(&root, "#return").click();
    settle().await;
    assert_eq!(text(&root, "#step"), "Payment");

    type_into(&root, "#card", "1234");
    settle().await;
    assert!(!enabled(&root, "#next"), "a short card number cannot go on");
    type_into(&root, "#card", "123456789012");
    settle().await;
    find(&root, "#next").click();
    settle().await;
    assert_eq!(text(&root, "#step"), "Review");
    find(&root, "#pay").click();
    settle().await;
    assert_eq!(text(&root, "#step"), "Confirmed");
    assert_eq!(text(&root, "#done"), "Thank you for your order");
    assert!(!enabled(&root, "#back") && !enabled(&root, "#help"));
}
