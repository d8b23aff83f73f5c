//! Stores in a real browser: components mounted in the page, clicked, and read back from the
//! DOM; the console logger; and the devtools panel's list of live stores.
#![cfg(target_arch = "wasm32")]

use leptos::prelude::*;
use leptos_state::{Logger, Store, provide_store, use_store};
use wasm_bindgen::{JsCast, prelude::Closure};
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

#[path = "util/dom.rs"]
mod dom;

use dom::{find, mount, settle, text};

#[wasm_bindgen_test]
async fn clicking_the_counter_updates_the_page() {
    let (root, _app) = mount(counter::App).await;
    assert_eq!(text(&root, "#count"), "0");
    assert_eq!(text(&root, "#parity"), "even");

    find(&root, "#increment").click();
    settle().await;
    assert_eq!(text(&root, "#count"), "1");
    assert_eq!(text(&root, "#parity"), "odd");

    find(&root, "#increment").click();
    find(&root, "#reset").click();
    settle().await;
    assert_eq!(text(&root, "#count"), "0");
}

#[wasm_bindgen_test]
async fn a_refused_change_shows_its_error_and_leaves_the_count() {
    let (root, _app) = mount(counter::App).await;

    find(&root, "#decrement").click();
    settle().await;
    assert_eq!(text(&root, "#count"), "0");
    assert_eq!(
        text(&root, "#error"),
        "store `counter` refused action \"decrement\": validate says: the count cannot go below \
         zero"
    );

    find(&root, "#increment").click();
    settle().await;
    assert_eq!(text(&root, "#count"), "1");
    assert_eq!(text(&root, "#error"), "");
}

#[derive(Clone, Debug, Default, PartialEq)]
struct Likes {
    count: u32,
}

#[component]
fn LikeButton(id: &'static str) -> impl IntoView {
    let likes = use_store::<Likes>();
    view! {
        <button id=id on:click=move |_| likes.update("like", |l| l.count += 1).unwrap()>
            {move || likes.with(|l| l.count)}
        </button>
    }
}

#[component]
fn TwoButtons() -> impl IntoView {
    provide_store(Store::new(Likes::default()));
    view! {
        <LikeButton id="first"/>
        <LikeButton id="second"/>
    }
}

#[wasm_bindgen_test]
async fn two_components_share_one_store() {
    let (root, _app) = mount(TwoButtons).await;

    find(&root, "#first").click();
    find(&root, "#first").click();
    find(&root, "#second").click();
    settle().await;
    assert_eq!(text(&root, "#first"), "3");
    assert_eq!(text(&root, "#second"), "3");
}

#[wasm_bindgen_test]
async fn the_devtools_panel_lists_live_stores() {
    // The panel starts closed (nothing remembered): open it from its button.
    let storage = web_sys::window().unwrap().local_storage().unwrap().unwrap();
    storage.remove_item("leptos-state-devtools").unwrap();
    let (root, _panel) = mount(leptos_state_devtools::StateDevtools).await;
    let toggle: web_sys::HtmlElement = root
        .query_selector(".lsd-toggle")
        .unwrap()
        .expect("the floating button")
        .dyn_into()
        .unwrap();
    toggle.click();
    settle().await;

    let component = Owner::new();
    component.with(|| Store::new_named("panel-test-store", vec![1_u8]));
    settle().await;
    let rows = root.query_selector_all(".store").unwrap();
    let row = (0..rows.length())
        .filter_map(|i| rows.item(i))
        .find(|row| {
            row.text_content()
                .unwrap_or_default()
                .contains("panel-test-store")
        })
        .expect("the new store is listed");
    let row: web_sys::Element = row.dyn_into().unwrap();
    let part = |selector: &str| {
        row.query_selector(selector)
            .unwrap()
            .and_then(|e| e.text_content())
            .unwrap_or_default()
    };
    assert_eq!(part(".store-name"), "panel-test-store");
    assert_eq!(part(".store-type"), "alloc::vec::Vec<u8>");

    component.cleanup();
    settle().await;
    assert!(
        !root
            .text_content()
            .unwrap_or_default()
            .contains("panel-test-store"),
        "a disposed store leaves the list"
    );
}

#[wasm_bindgen_test]
fn the_logger_writes_each_change_to_the_console() {
    let console = js_sys::Reflect::get(&js_sys::global(), &"console".into()).unwrap();
    let original = js_sys::Reflect::get(&console, &"log".into()).unwrap();
    let lines = std::rc::Rc::new(std::cell::RefCell::new(Vec::<String>::new()));
    let sink = lines.clone();
    let capture = Closure::<dyn Fn(String)>::new(move |line: String| sink.borrow_mut().push(line));
    js_sys::Reflect::set(&console, &"log".into(), capture.as_ref()).unwrap();

    let owner = Owner::new();
    owner.with(|| {
        let store = Store::new_named("console-test", 1);
        store.attach(Logger::new());
        store.update("double", |n| *n *= 2).unwrap();
    });
    js_sys::Reflect::set(&console, &"log".into(), &original).unwrap();

    let lines = lines.borrow();
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert!(
        lines[0].starts_with("console-test: \"double\" (user, touched (root)) at tests/"),
        "{}",
        lines[0]
    );
    assert!(lines[0].ends_with(" => 2"), "{}", lines[0]);
}

#[derive(leptos_state::State, Clone, Default, PartialEq)]
struct Signup {
    name: String,
    agreed: bool,
}

#[component]
fn SignupForm() -> impl IntoView {
    let form = Store::new(Signup::default());
    view! {
        <input id="name" bind:value=form.name() />
        <input id="agreed" type="checkbox" bind:checked=form.agreed() />
        <p id="echo">{move || format!("{} {}", form.name().get(), form.agreed().get())}</p>
        <button id="prefill" on:click=move |_| form.name().set("Grace".into())>
            "Prefill"
        </button>
    }
}

#[wasm_bindgen_test]
async fn slices_bind_to_inputs_both_ways() {
    use web_sys::{Event, EventInit, HtmlInputElement};
    let (root, _app) = mount(SignupForm).await;
    let name: HtmlInputElement = find(&root, "#name").unchecked_into();
    let agreed: HtmlInputElement = find(&root, "#agreed").unchecked_into();

    // Typing writes the slice.
    name.set_value("Ada");
    let bubbles = EventInit::new();
    bubbles.set_bubbles(true);
    name.dispatch_event(&Event::new_with_event_init_dict("input", &bubbles).unwrap())
        .unwrap();
    agreed.click();
    settle().await;
    assert_eq!(text(&root, "#echo"), "Ada true");

    // Writing the slice fills the input.
    find(&root, "#prefill").click();
    settle().await;
    assert_eq!(name.value(), "Grace");
    assert_eq!(text(&root, "#echo"), "Grace true");
}
