//! The TodoMVC example in a real browser: add, toggle, filter and remove todos through the
//! DOM, check that toggling one row re-renders only that row, undo and redo with the
//! buttons, and save todos optimistically to a simulated server that refuses one.
#![cfg(target_arch = "wasm32")]

#[path = "util/dom.rs"]
mod dom;

use dom::{find, find_all, mount, settle, text, wait_until};
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use web_sys::{HtmlButtonElement, HtmlElement, HtmlInputElement, KeyboardEvent, KeyboardEventInit};

wasm_bindgen_test_configure!(run_in_browser);

async fn add(root: &HtmlElement, text: &str) {
    let input: HtmlInputElement = find(root, "#new-todo").unchecked_into();
    input.set_value(text);
    let init = KeyboardEventInit::new();
    init.set_key("Enter");
    init.set_bubbles(true);
    let event = KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap();
    input.dispatch_event(&event).unwrap();
    settle().await;
}

fn labels(root: &HtmlElement) -> Vec<String> {
    find_all(root, "#todo-list li label")
        .iter()
        .map(|label| label.text_content().unwrap_or_default())
        .collect()
}

fn row(root: &HtmlElement, text: &str) -> HtmlElement {
    find_all(root, "#todo-list li")
        .into_iter()
        .find(|row| row.text_content().unwrap_or_default().contains(text))
        .unwrap_or_else(|| panic!("no row shows `{text}`"))
}

#[wasm_bindgen_test]
async fn add_toggle_filter_and_remove_todos() {
    let (root, _app) = mount(|| view! { <todomvc::App/> }).await;
    add(&root, "buy milk").await;
    add(&root, "write tests").await;
    add(&root, "   ").await; // blank: ignored
    assert_eq!(labels(&root), ["buy milk", "write tests"]);
    assert_eq!(text(&root, "#todo-count"), "2 items left");

    find(&row(&root, "buy milk"), ".toggle").click();
    settle().await;
    assert_eq!(text(&root, "#todo-count"), "1 item left");
    assert!(row(&root, "buy milk").class_list().contains("completed"));

    choose(&root, "#filter-active").await;
    assert_eq!(labels(&root), ["write tests"]);
    choose(&root, "#filter-completed").await;
    assert_eq!(labels(&root), ["buy milk"]);
    choose(&root, "#filter-all").await;
    assert_eq!(labels(&root), ["buy milk", "write tests"]);

    find(&row(&root, "write tests"), ".destroy").click();
    settle().await;
    assert_eq!(labels(&root), ["buy milk"]);
    find(&root, "#clear-completed").click();
    settle().await;
    assert!(labels(&root).is_empty());
    // With no todos, the list and the footer are gone, as TodoMVC asks.
    assert!(find_all(&root, ".main").is_empty() && find_all(&root, ".footer").is_empty());
}

#[wasm_bindgen_test]
async fn toggling_one_row_leaves_the_other_rows_elements_alone() {
    let (root, _app) = mount(|| view! { <todomvc::App/> }).await;
    for text in ["a", "b", "c"] {
        add(&root, text).await;
    }
    let before = find_all(&root, "#todo-list li");
    find(&row(&root, "b"), ".toggle").click();
    settle().await;
    let after = find_all(&root, "#todo-list li");
    // The keyed rows are the same elements: nothing was re-created.
    assert!(
        before
            .iter()
            .zip(&after)
            .all(|(a, b)| a.is_same_node(Some(b)))
    );
    assert!(after[1].class_list().contains("completed"));
    assert!(!after[0].class_list().contains("completed"));
}

fn enabled(root: &HtmlElement, selector: &str) -> bool {
    !find(root, selector)
        .unchecked_into::<HtmlButtonElement>()
        .disabled()
}

#[wasm_bindgen_test]
async fn undo_and_redo_buttons_step_through_the_changes() {
    let (root, _app) = mount(|| view! { <todomvc::App/> }).await;
    assert!(!enabled(&root, "#undo") && !enabled(&root, "#redo"));
    add(&root, "a").await;
    add(&root, "b").await;
    find(&row(&root, "a"), ".toggle").click();
    settle().await;
    // The filter is `history = false`: choosing one is not a step.
    choose(&root, "#filter-active").await;
    choose(&root, "#filter-all").await;

    find(&root, "#undo").click();
    settle().await;
    assert!(!row(&root, "a").class_list().contains("completed"));
    assert!(enabled(&root, "#redo"));
    find(&root, "#undo").click();
    settle().await;
    assert_eq!(labels(&root), ["a"]);
    find(&root, "#undo").click();
    settle().await;
    assert!(labels(&root).is_empty());
    assert!(!enabled(&root, "#undo"));

    for _ in 0..3 {
        find(&root, "#redo").click();
        settle().await;
    }
    assert_eq!(labels(&root), ["a", "b"]);
    assert!(row(&root, "a").class_list().contains("completed"));
    assert!(!enabled(&root, "#redo"));

    // A new change after an undo clears the redo steps.
    find(&root, "#undo").click();
    settle().await;
    add(&root, "c").await;
    assert!(!enabled(&root, "#redo"));
    assert_eq!(labels(&root), ["a", "b", "c"]);
}

#[wasm_bindgen_test]
async fn of_two_optimistic_adds_in_flight_the_refused_first_goes_and_the_second_stays() {
    let server = todomvc::Server::new(400, |text| text.contains("doomed"));
    let (root, _app) = mount(move || view! { <todomvc::App server/> }).await;
    add(&root, "doomed").await;
    dom::sleep(200).await;
    add(&root, "kept").await;
    // Both show at once, before the server answers.
    assert_eq!(labels(&root), ["doomed", "kept"]);
    assert_eq!(text(&root, "#saving"), "2 saving");

    // The first answer is a refusal, while the second request is still in flight.
    wait_until("the refusal", || text(&root, "#saving") == "1 saving").await;
    assert_eq!(labels(&root), ["kept"]);
    assert_eq!(text(&root, "#failure"), "the server refused \"doomed\"");

    wait_until("the confirmation", || text(&root, "#saving") == "0 saving").await;
    assert_eq!(labels(&root), ["kept"]);
    // The confirmed add is an undo step.
    find(&root, "#undo").click();
    settle().await;
    assert!(labels(&root).is_empty());
}

/// Chooses a filter by its link: the router navigates to the link's fragment (`#/active`),
/// and the filter, bound to the fragment, follows.
async fn choose(root: &HtmlElement, filter: &str) {
    find(root, filter).click();
    wait_until(&format!("{filter} to be selected"), || {
        find(root, filter).class_list().contains("selected")
    })
    .await;
    settle().await;
}
