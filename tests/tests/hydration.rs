//! Hydrating a server-rendered page in headless Chromium, under Leptos' browser-side shared
//! context: a shared store and a shared machine start from what the server sent, and
//! persistence loads the stored state only once hydration is done (or keeps the server's,
//! when told to).
#![cfg(target_arch = "wasm32")]

use hydration_context::{HydrateSharedContext, SharedContext};
use leptos::prelude::*;
use leptos_state::{
    Change, Machine, Origin, PersistOptions, Store, WebStorage, use_machine_shared,
};
use serde::{Deserialize, Serialize};
use serde_json::json;
use std::sync::{
    Arc, Mutex,
    atomic::{AtomicUsize, Ordering},
};
use wasm_bindgen::JsValue;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

#[path = "util/dom.rs"]
mod dom;
#[path = "util/prefs.rs"]
mod prefs;

use prefs::{Prefs, PrefsSlices};

/// What the server sent with the page, in the order its components made their shared values:
/// first a store of `Prefs` named "Prefs", then a door machine's snapshot, each named as the
/// library names them. Leptos' hydration scripts fill `window.__RESOLVED_RESOURCES` the same
/// way, before the app starts.
fn page_sent_by_the_server() {
    let store = json!({
        "shared": format!("store `Prefs` of `{}`", std::any::type_name::<Prefs>()),
        "value": { "theme": "server", "volume": 1, "session": "" },
    });
    let machine = json!({
        "shared": format!("a machine of `{}`", std::any::type_name::<Door>()),
        "value": { "states": ["Open"], "history": [], "context": 3 },
    });
    let sent = js_sys::Array::of2(
        &JsValue::from_str(&store.to_string()),
        &JsValue::from_str(&machine.to_string()),
    );
    js_sys::Reflect::set(&window(), &"__RESOLVED_RESOURCES".into(), &sent).unwrap();
}

/// An owner hydrating that page, and its shared context.
fn hydrating() -> (Owner, Arc<HydrateSharedContext>) {
    page_sent_by_the_server();
    let _ = any_spawner::Executor::init_wasm_bindgen();
    let context = Arc::new(HydrateSharedContext::new());
    let owner = Owner::new_root(Some(context.clone()));
    owner.set();
    (owner, context)
}

/// Hydration is done: Leptos marks the context, then effects run.
async fn finish_hydration(context: &HydrateSharedContext) {
    context.hydration_complete();
    dom::sleep(20).await;
}

fn local() -> web_sys::Storage {
    window().local_storage().unwrap().unwrap()
}

/// A `localStorage` key holding a stored `Prefs`.
fn stored_prefs(name: &str) -> String {
    let key = format!("leptos-state-test-hydration-{name}");
    local()
        .set_item(
            &key,
            r#"{"version":1,"state":{"theme":"stored","volume":9}}"#,
        )
        .unwrap();
    key
}

fn stored_theme(key: &str) -> String {
    let record: serde_json::Value =
        serde_json::from_str(&local().get_item(key).unwrap().unwrap()).unwrap();
    record["state"]["theme"].as_str().unwrap().to_owned()
}

/// The origins of the changes `store` commits from now on.
fn origins(store: Store<Prefs>) -> Arc<Mutex<Vec<Origin>>> {
    let seen = Arc::new(Mutex::new(Vec::new()));
    let log = seen.clone();
    store
        .subscribe(move |change: &Change<'_>| log.lock().unwrap().push(change.origin()))
        .until_cleanup();
    seen
}

#[wasm_bindgen_test]
async fn a_shared_store_starts_from_what_the_server_sent() {
    let (_owner, _context) = hydrating();
    let prefs = Store::new_shared(|| panic!("the browser does not load the data again"));
    assert_eq!(prefs.theme().get_untracked(), "server");
    assert_eq!(prefs.volume().get_untracked(), 1);
}

#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug, Serialize, Deserialize)]
enum Door {
    Closed,
    Open,
}

#[derive(Debug)]
struct Push;

#[wasm_bindgen_test]
async fn a_shared_machine_starts_from_the_snapshot_the_server_sent_without_entering_again() {
    let (_owner, context) = hydrating();
    // The store takes the first slot, as it did on the server.
    let _prefs = Store::new_shared(Prefs::default);
    let entered = Arc::new(AtomicUsize::new(0));
    let count = entered.clone();
    // Entering the initial state counts: the server did, on its way to `Open`.
    let machine = Machine::builder(0_u32)
        .initial(Door::Closed)
        .state(Door::Closed, move |s| {
            let count = count.clone();
            s.entry(move |_| {
                count.fetch_add(1, Ordering::Relaxed);
            })
            .on(Push, Door::Open)
        })
        .state(Door::Open, |s| s.on(Push, Door::Closed))
        .build()
        .unwrap();
    let door = use_machine_shared(machine);
    assert!(door.matches(Door::Open));
    assert_eq!(door.context().get_untracked(), 3);
    assert_eq!(
        entered.load(Ordering::Relaxed),
        0,
        "not entered again in the browser"
    );
    finish_hydration(&context).await;
    door.send(Push);
    assert!(door.matches(Door::Closed));
    assert_eq!(entered.load(Ordering::Relaxed), 1);
}

#[wasm_bindgen_test]
async fn the_stored_state_is_loaded_after_hydration_as_one_change() {
    let (_owner, context) = hydrating();
    let key = stored_prefs("stored-wins");
    let prefs = Store::new_shared(Prefs::default);
    let seen = origins(prefs);
    let persist = prefs
        .persist(WebStorage::local(&key), PersistOptions::new())
        .unwrap();
    // The first render matches the server's HTML.
    assert_eq!(prefs.theme().get_untracked(), "server");
    assert!(!persist.hydrated_untracked());
    finish_hydration(&context).await;
    assert!(persist.hydrated_untracked());
    assert_eq!(prefs.theme().get_untracked(), "stored");
    assert_eq!(prefs.volume().get_untracked(), 9);
    assert_eq!(*seen.lock().unwrap(), [Origin::Hydration]);
    assert_eq!(stored_theme(&key), "stored", "loading writes nothing back");
    // Changes after it are saved as usual.
    prefs.theme().set("changed".into());
    dom::sleep(20).await;
    assert_eq!(stored_theme(&key), "changed");
}

#[wasm_bindgen_test]
async fn keep_server_state_writes_the_servers_state_over_the_stored_one() {
    let (_owner, context) = hydrating();
    let key = stored_prefs("server-wins");
    let prefs = Store::new_shared(Prefs::default);
    let seen = origins(prefs);
    let persist = prefs
        .persist(
            WebStorage::local(&key),
            PersistOptions::new().keep_server_state(true),
        )
        .unwrap();
    assert_eq!(
        stored_theme(&key),
        "stored",
        "nothing written while hydrating"
    );
    finish_hydration(&context).await;
    assert!(persist.hydrated_untracked());
    assert_eq!(prefs.theme().get_untracked(), "server");
    assert!(seen.lock().unwrap().is_empty(), "the state did not change");
    assert_eq!(stored_theme(&key), "server");
}

#[wasm_bindgen_test]
async fn a_page_without_the_servers_state_falls_back_to_initial() {
    let (_owner, context) = hydrating();
    // Two slots are taken: the page sent nothing for the third.
    let first = Store::new_shared(Prefs::default);
    let _second = Store::new_shared_named("second", Prefs::default);
    let third = Store::new_shared(|| Prefs {
        theme: "initial".into(),
        ..Prefs::default()
    });
    assert_eq!(first.theme().get_untracked(), "server");
    assert_eq!(third.theme().get_untracked(), "initial");
    finish_hydration(&context).await;
}

#[wasm_bindgen_test]
async fn a_store_made_out_of_order_does_not_take_anothers_state() {
    let (_owner, context) = hydrating();
    // The same type as the store the server made first, but another store: the browser made
    // its shared stores in another order.
    let other = Store::new_shared_named("other", || Prefs {
        theme: "initial".into(),
        ..Prefs::default()
    });
    assert_eq!(other.theme().get_untracked(), "initial");
    finish_hydration(&context).await;
}

#[wasm_bindgen_test]
async fn keep_server_state_never_overwrites_a_stored_value_it_cannot_read() {
    let (_owner, context) = hydrating();
    let key = "leptos-state-test-hydration-newer";
    let newer = r#"{"version":7,"state":{"theme":"from a newer app"}}"#;
    local().set_item(key, newer).unwrap();
    let prefs = Store::new_shared(Prefs::default);
    let persist = prefs
        .persist(
            WebStorage::local(key),
            PersistOptions::new().keep_server_state(true),
        )
        .unwrap();
    finish_hydration(&context).await;
    assert!(persist.hydrated_untracked());
    assert!(
        persist.error_untracked().is_some(),
        "the newer value is reported"
    );
    prefs.theme().set("changed".into());
    dom::sleep(20).await;
    assert_eq!(
        local().get_item(key).unwrap().as_deref(),
        Some(newer),
        "and kept"
    );
    assert_eq!(prefs.theme().get_untracked(), "changed");
}

#[wasm_bindgen_test]
async fn keep_server_state_with_tab_sync_writes_the_servers_state() {
    let (_owner, context) = hydrating();
    let key = stored_prefs("server-wins-sync");
    let prefs = Store::new_shared(Prefs::default);
    let _persist = prefs
        .persist(
            WebStorage::local(&key),
            PersistOptions::new()
                .keep_server_state(true)
                .sync_tabs(true),
        )
        .unwrap();
    finish_hydration(&context).await;
    assert_eq!(prefs.theme().get_untracked(), "server");
    assert_eq!(stored_theme(&key), "server");
}

#[wasm_bindgen_test]
async fn nothing_is_read_or_written_while_the_page_hydrates() {
    let (_owner, context) = hydrating();
    let key = stored_prefs("deferred");
    let prefs = Store::new_shared(Prefs::default);
    let persist = prefs
        .persist(WebStorage::local(&key), PersistOptions::new())
        .unwrap();
    // A change and a flush while hydrating (code in a component, the page being hidden).
    prefs.volume().set(5);
    persist.flush();
    assert_eq!(stored_theme(&key), "stored");
    assert_eq!(prefs.theme().get_untracked(), "server");
    finish_hydration(&context).await;
    // The stored state came in, and the change made while hydrating stayed and was saved.
    assert_eq!(prefs.theme().get_untracked(), "stored");
    assert_eq!(prefs.volume().get_untracked(), 5);
    dom::sleep(20).await;
    let record: serde_json::Value =
        serde_json::from_str(&local().get_item(&key).unwrap().unwrap()).unwrap();
    assert_eq!(record["state"]["volume"], 5);
}
