//! State that holds values that are not `Send` (DOM elements, JavaScript objects) in `Local`
//! fields: slices, undo and persistence in a real browser.
#![cfg(target_arch = "wasm32")]

use leptos::prelude::*;
use leptos_state::prelude::*;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use web_sys::HtmlElement;

wasm_bindgen_test_configure!(run_in_browser);

#[path = "util/dom.rs"]
mod dom;

use dom::{container, settle};

/// A drawing tool: the element it draws on, a JavaScript object of options, and a zoom.
#[derive(State, Clone, PartialEq, Debug, Default, serde::Serialize, serde::Deserialize)]
struct Canvas {
    /// Saved and undone as usual.
    zoom: u32,
    /// A DOM element: not `Send`, not serializable.
    #[state(persist = false)]
    #[serde(skip)]
    target: Local<Option<HtmlElement>>,
    /// A plain JavaScript object.
    #[state(persist = false, history = false)]
    #[serde(skip)]
    options: Local<Option<js_sys::Object>>,
}

fn key() -> String {
    let key = "leptos-state-test-local-state".to_owned();
    window()
        .local_storage()
        .unwrap()
        .unwrap()
        .remove_item(&key)
        .unwrap();
    key
}

#[wasm_bindgen_test]
async fn local_values_have_slices_undo_and_stay_out_of_storage() {
    let _ = any_spawner::Executor::init_wasm_bindgen();
    let owner = Owner::new();
    owner.set();
    let key = key();
    let canvas = Store::new(Canvas::default());
    let history = History::attach(canvas, HistoryOptions::new());
    canvas
        .persist(WebStorage::local(&key), PersistOptions::new())
        .unwrap();
    let element = container();
    element.set_id("drawing");

    // A slice of the local field, read reactively.
    let seen = RwSignal::new(String::new());
    Effect::new(move |_| {
        let id = canvas
            .target()
            .with(|target| target.as_ref().map(|element| element.id()));
        seen.set(id.unwrap_or_default());
    });
    canvas.target().set(Local::new(Some(element.clone())));
    canvas.zoom().set(3);
    let options = js_sys::Object::new();
    js_sys::Reflect::set(&options, &"smooth".into(), &true.into()).unwrap();
    canvas.options().set(Local::new(Some(options.clone())));
    settle().await;
    assert_eq!(seen.get_untracked(), "drawing");
    assert!(
        canvas
            .options()
            .with_untracked(|o| o.as_ref() == Some(&options))
    );

    // Undo puts the element back as it was, the same JavaScript object.
    history.undo().unwrap();
    assert_eq!(canvas.zoom().get_untracked(), 0);
    history.undo().unwrap();
    settle().await;
    assert_eq!(seen.get_untracked(), "");
    history.redo().unwrap();
    settle().await;
    let target = canvas.target().get_untracked();
    assert_eq!(target.get(), Some(&Some(element.clone())));
    assert_eq!(seen.get_untracked(), "drawing");

    // Only the zoom is saved; a store that loads it starts with no element.
    history.redo().unwrap();
    dom::sleep(0).await;
    let saved = window()
        .local_storage()
        .unwrap()
        .unwrap()
        .get_item(&key)
        .unwrap()
        .expect("a saved record");
    let saved: serde_json::Value = serde_json::from_str(&saved).unwrap();
    assert_eq!(saved["state"], serde_json::json!({"zoom": 3}));
    let reloaded = Store::new(Canvas::default());
    reloaded
        .persist(WebStorage::local(&key), PersistOptions::new())
        .unwrap();
    assert_eq!(reloaded.zoom().get_untracked(), 3);
    assert!(reloaded.target().with_untracked(|target| target.is_none()));
}
