//! Persistence to `localStorage` and `sessionStorage` in headless Chromium: save and reload,
//! partial persistence, a migration chain, garbage and newer versions kept, a full storage,
//! coalesced writes, and flushing when the page is hidden.
#![cfg(target_arch = "wasm32")]

use leptos::prelude::*;
use leptos_state::{Backend, PersistError, PersistOptions, StorageError, Store, WebStorage};
use serde_json::{Value, json};
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

#[path = "util/dom.rs"]
mod dom;
#[path = "util/prefs.rs"]
mod prefs;

use dom::sleep;
use prefs::{Prefs, PrefsSlices, start};

fn local() -> web_sys::Storage {
    window().local_storage().unwrap().unwrap()
}

/// The stored record, without the revision and parent that tab sync adds.
fn stored(key: &str) -> Value {
    let mut record: Value =
        serde_json::from_str(&local().get_item(key).unwrap().expect("a stored record")).unwrap();
    if let Some(record) = record.as_object_mut() {
        record.remove("rev");
        record.remove("parent");
    }
    record
}

/// A key no other test uses, emptied first.
fn fresh_key(name: &str) -> String {
    let key = format!("leptos-state-test-{name}");
    local().remove_item(&key).unwrap();
    window()
        .session_storage()
        .unwrap()
        .unwrap()
        .remove_item(&key)
        .unwrap();
    key
}

#[wasm_bindgen_test]
async fn a_fresh_store_reads_what_local_storage_holds_before_rendering() {
    let _owner = start();
    let key = fresh_key("reload");
    let first = Store::new(Prefs::default());
    first
        .persist(WebStorage::local(&key), PersistOptions::new())
        .unwrap();
    first
        .set(
            "configure",
            Prefs {
                theme: "dark".into(),
                volume: 4,
                session: "secret".into(),
            },
        )
        .unwrap();
    sleep(0).await;
    assert_eq!(
        stored(&key),
        json!({"version": 1, "state": {"theme": "dark", "volume": 4}}),
        "the unpersisted field is not written"
    );

    let second = Store::new(Prefs {
        session: "mine".into(),
        ..Prefs::default()
    });
    let persist = second
        .persist(WebStorage::local(&key), PersistOptions::new())
        .unwrap();
    // Synchronous: loaded before `persist` returns, so a first render shows it.
    assert!(persist.hydrated_untracked());
    assert_eq!(
        second.get_untracked(),
        Prefs {
            theme: "dark".into(),
            volume: 4,
            session: "mine".into()
        }
    );
}

#[wasm_bindgen_test]
async fn session_storage_saves_and_reloads() {
    let _owner = start();
    let key = fresh_key("session");
    let first = Store::new(7_u32);
    first
        .persist_any(WebStorage::session(&key), PersistOptions::new())
        .unwrap();
    first.set("load", 9).unwrap();
    sleep(0).await;
    let raw = window()
        .session_storage()
        .unwrap()
        .unwrap()
        .get_item(&key)
        .unwrap();
    assert_eq!(raw.as_deref(), Some(r#"{"state":9,"version":1}"#));

    let second = Store::new(0_u32);
    second
        .persist_any(WebStorage::session(&key), PersistOptions::new())
        .unwrap();
    assert_eq!(second.get_untracked(), 9);
}

#[wasm_bindgen_test]
async fn a_v1_value_is_migrated_to_v3() {
    let _owner = start();
    let key = fresh_key("migrate");
    local()
        .set_item(&key, r#"{"version":1,"state":{"colour":"dark"}}"#)
        .unwrap();
    let options = PersistOptions::new()
        .version(3)
        .migrate(1, |old: Value| Ok(json!({ "theme": old["colour"] })))
        .migrate(2, |mut old: Value| {
            old["volume"] = json!(2);
            Ok(old)
        });
    let store = Store::new(Prefs::default());
    let persist = store.persist(WebStorage::local(&key), options).unwrap();
    assert_eq!(persist.error_untracked(), None);
    assert_eq!(store.theme().get_untracked(), "dark");
    assert_eq!(store.volume().get_untracked(), 2);
    store.volume().set(3);
    sleep(0).await;
    assert_eq!(
        stored(&key),
        json!({"version": 3, "state": {"theme": "dark", "volume": 3}})
    );
}

#[wasm_bindgen_test]
async fn garbage_and_newer_versions_are_kept_and_reported() {
    let _owner = start();
    for (name, raw) in [
        ("garbage", "\u{1}not json at all"),
        ("newer", r#"{"version":9,"state":{"theme":"x","volume":1}}"#),
    ] {
        let key = fresh_key(name);
        local().set_item(&key, raw).unwrap();
        let store = Store::new(Prefs::default());
        let persist = store
            .persist(WebStorage::local(&key), PersistOptions::new())
            .unwrap();
        let error = persist.error_untracked().expect("an error");
        match name {
            "garbage" => assert!(matches!(error, PersistError::Unreadable { .. }), "{error}"),
            _ => assert!(
                matches!(error, PersistError::NewerVersion { stored: 9, .. }),
                "{error}"
            ),
        }
        assert_eq!(store.get_untracked(), Prefs::default());
        store.volume().set(5);
        sleep(0).await;
        assert_eq!(local().get_item(&key).unwrap().as_deref(), Some(raw));
        local().remove_item(&key).unwrap();
    }
}

#[wasm_bindgen_test]
async fn a_full_local_storage_is_reported_and_writing_resumes_when_there_is_room() {
    let _owner = start();
    let key = fresh_key("quota");
    let store = Store::new(String::new());
    let persist = store
        .persist_any(WebStorage::local(&key), PersistOptions::new())
        .unwrap();

    // Fill localStorage until it refuses more.
    let block = "x".repeat(256 * 1024);
    let mut fillers = Vec::new();
    for i in 0.. {
        let filler = format!("leptos-state-test-filler-{i}");
        if local().set_item(&filler, &block).is_err() {
            break;
        }
        fillers.push(filler);
    }
    store.set("write a lot", "y".repeat(512 * 1024)).unwrap();
    sleep(0).await;
    let error = persist.error_untracked();
    for filler in &fillers {
        local().remove_item(filler).unwrap();
    }
    assert!(
        matches!(
            error,
            Some(PersistError::Write {
                source: StorageError::QuotaExceeded(_),
                ..
            })
        ),
        "{error:?}"
    );
    assert_eq!(
        store.with_untracked(String::len),
        512 * 1024,
        "kept in memory"
    );

    store.set("write a little", "small".into()).unwrap();
    sleep(0).await;
    assert_eq!(persist.error_untracked(), None);
    assert_eq!(stored(&key), json!({"version": 1, "state": "small"}));
}

#[wasm_bindgen_test]
async fn a_thousand_changes_in_one_tick_make_one_write() {
    let _owner = start();
    let key = fresh_key("coalesce");
    let store = Store::new(0_u32);
    let persist = store
        .persist_any(WebStorage::local(&key), PersistOptions::new())
        .unwrap();
    for _ in 0..1_000 {
        store.update("increment", |n| *n += 1).unwrap();
    }
    assert_eq!(persist.writes_untracked(), 0);
    sleep(0).await;
    assert_eq!(persist.writes_untracked(), 1);
    assert_eq!(stored(&key), json!({"version": 1, "state": 1000}));

    // With a delay, changes within it make one write too.
    let key = fresh_key("delay");
    let store = Store::new(0_u32);
    let persist = store
        .persist_any(WebStorage::local(&key), PersistOptions::new().delay(100))
        .unwrap();
    store.set("one", 1).unwrap();
    sleep(30).await;
    store.set("two", 2).unwrap();
    sleep(30).await;
    assert_eq!(persist.writes_untracked(), 0);
    sleep(100).await;
    assert_eq!(persist.writes_untracked(), 1);
    assert_eq!(stored(&key), json!({"version": 1, "state": 2}));
}

#[wasm_bindgen_test]
async fn a_pending_write_is_flushed_when_the_page_is_left() {
    let _owner = start();
    let key = fresh_key("pagehide");
    let store = Store::new(0_u32);
    let persist = store
        .persist_any(WebStorage::local(&key), PersistOptions::new().delay(60_000))
        .unwrap();
    store.set("load", 3).unwrap();
    assert_eq!(persist.writes_untracked(), 0);
    let event = web_sys::Event::new("pagehide").unwrap();
    window().dispatch_event(&event).unwrap();
    assert_eq!(persist.writes_untracked(), 1);
    assert_eq!(stored(&key), json!({"version": 1, "state": 3}));
}

#[wasm_bindgen_test]
fn backends_name_their_storage_and_key() {
    assert_eq!(
        WebStorage::local("todos").describe(),
        "localStorage `todos`"
    );
    assert_eq!(
        WebStorage::session("todos").describe(),
        "sessionStorage `todos`"
    );
}

/// Sends the `storage` event the browser sends to the other tabs when one writes `key`.
fn storage_event_from_another_tab(key: &str, new_value: &str) {
    let init = web_sys::StorageEventInit::new();
    init.set_key(Some(key));
    init.set_new_value(Some(new_value));
    init.set_storage_area(Some(&local()));
    let event = web_sys::StorageEvent::new_with_event_init_dict("storage", &init).unwrap();
    window().dispatch_event(&event).unwrap();
}

#[wasm_bindgen_test]
async fn another_tabs_write_enters_as_sync_and_is_not_written_back() {
    let _owner = start();
    let key = fresh_key("sync");
    let store = Store::new(Prefs {
        session: "this tab".into(),
        ..Prefs::default()
    });
    let persist = store
        .persist(
            WebStorage::local(&key),
            PersistOptions::new().sync_tabs(true),
        )
        .unwrap();
    let origins = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let seen = origins.clone();
    store
        .subscribe(move |change| seen.lock().unwrap().push(change.origin()))
        .detach();

    let written = r#"{"version":1,"state":{"theme":"dark","volume":6}}"#;
    local().set_item(&key, written).unwrap();
    storage_event_from_another_tab(&key, written);
    assert_eq!(
        store.get_untracked(),
        Prefs {
            theme: "dark".into(),
            volume: 6,
            session: "this tab".into()
        }
    );
    assert_eq!(*origins.lock().unwrap(), [leptos_state::Origin::Sync]);
    sleep(0).await;
    assert_eq!(persist.writes_untracked(), 0, "not written back");

    // Another key is not taken, nor what an event says that the storage does not hold:
    // the store reads the storage itself.
    storage_event_from_another_tab(
        "some-other-key",
        r#"{"version":1,"state":{"theme":"x","volume":1}}"#,
    );
    storage_event_from_another_tab(&key, r#"{"version":1,"state":{"theme":"forged"}}"#);
    assert_eq!(store.theme().get_untracked(), "dark");
    assert_eq!(persist.error_untracked(), None);

    // A value from a newer version of the app is not taken.
    let newer = r#"{"version":5,"state":{}}"#;
    local().set_item(&key, newer).unwrap();
    storage_event_from_another_tab(&key, newer);
    assert_eq!(store.theme().get_untracked(), "dark");
    assert!(matches!(
        persist.error_untracked(),
        Some(PersistError::NewerVersion { stored: 5, .. })
    ));
}

/// Stores `text` under `key` as JavaScript text, which may hold unpaired surrogates that a
/// Rust `&str` cannot.
fn set_js_text(storage: &web_sys::Storage, key: &str, text: &js_sys::JsString) {
    let set_item: js_sys::Function = js_sys::Reflect::get(storage, &"setItem".into())
        .unwrap()
        .into();
    set_item.call2(storage, &key.into(), text).unwrap();
}

fn get_js_text(storage: &web_sys::Storage, key: &str) -> wasm_bindgen::JsValue {
    let get_item: js_sys::Function = js_sys::Reflect::get(storage, &"getItem".into())
        .unwrap()
        .into();
    get_item.call1(storage, &key.into()).unwrap()
}

// Text with an unpaired surrogate was once read lossily (U+FFFD), loaded as if valid, and
// replaced by the altered copy at the first change. Now it is refused, kept, and reported,
// in both Web Storage areas.
#[wasm_bindgen_test]
async fn text_with_an_unpaired_surrogate_is_kept_and_reported() {
    let _owner = start();
    let session = window().session_storage().unwrap().unwrap();
    for (area, storage) in [("local", local()), ("session", session)] {
        let key = fresh_key(&format!("surrogate-{area}"));
        let mut units: Vec<u16> = r#"{"version":1,"state":{"theme":"#.encode_utf16().collect();
        units.extend([u16::from(b'"'), 0xD800, u16::from(b'"')]);
        units.extend(r#","volume":1}}"#.encode_utf16());
        let text = js_sys::JsString::from_char_code(&units);
        assert!(!text.is_valid_utf16());
        set_js_text(&storage, &key, &text);

        let store = Store::new(Prefs::default());
        let persist = match area {
            "local" => store.persist(WebStorage::local(&key), PersistOptions::new()),
            _ => store.persist(WebStorage::session(&key), PersistOptions::new()),
        }
        .unwrap();
        let error = persist.error_untracked().expect("an error");
        assert!(
            matches!(&error, PersistError::Unreadable { reason, .. } if reason.contains("surrogate")),
            "{error}"
        );
        assert!(persist.rejected_untracked());
        assert_eq!(store.get_untracked(), Prefs::default());
        store.volume().set(5);
        sleep(0).await;
        assert_eq!(
            get_js_text(&storage, &key),
            wasm_bindgen::JsValue::from(text),
            "the original text is kept, surrogate and all"
        );
        storage.remove_item(&key).unwrap();
    }
}

// The text `null` is a stored value that is not a record: kept and reported, as IndexedDB's
// `null` is.
#[wasm_bindgen_test]
async fn a_stored_null_is_kept_and_reported() {
    let _owner = start();
    let key = fresh_key("null");
    local().set_item(&key, "null").unwrap();
    let store = Store::new(Prefs::default());
    let persist = store
        .persist(WebStorage::local(&key), PersistOptions::new())
        .unwrap();
    assert!(matches!(
        persist.error_untracked(),
        Some(PersistError::Unreadable { .. })
    ));
    store.volume().set(5);
    sleep(0).await;
    assert_eq!(local().get_item(&key).unwrap().as_deref(), Some("null"));
    local().remove_item(&key).unwrap();
}

// On wasm a panic aborts: the migration is called through JavaScript, where the abort stops,
// and persistence reports it like a failing migration. Before, the panic left `persist()`.
#[wasm_bindgen_test]
async fn a_panicking_migration_is_kept_and_reported() {
    let _owner = start();
    let key = fresh_key("panicking-migration");
    let raw = r#"{"version":1,"state":{"colour":"dark"}}"#;
    local().set_item(&key, raw).unwrap();
    let options = PersistOptions::new().version(2).migrate(1, |old: Value| {
        let theme = old["theme"].as_str().expect("version 1 has a theme");
        Ok(json!({ "theme": theme, "volume": 1 }))
    });
    let store = Store::new(Prefs::default());
    let persist = store.persist(WebStorage::local(&key), options).unwrap();
    assert!(persist.hydrated_untracked());
    let error = persist.error_untracked().expect("an error");
    assert!(
        matches!(&error, PersistError::Migration { from: 1, reason, .. } if reason.contains("panicked")),
        "{error}"
    );
    assert!(persist.rejected_untracked());
    store.volume().set(5);
    assert_eq!(store.volume().get_untracked(), 5, "the store works on");
    sleep(0).await;
    assert_eq!(local().get_item(&key).unwrap().as_deref(), Some(raw));
    local().remove_item(&key).unwrap();
}

// A `storage` event made by a script, saying anything, costs one read of the storage and can
// do no worse than a real one: the stored record is read again, and writing goes on.
#[wasm_bindgen_test]
async fn a_synthetic_storage_event_changes_nothing() {
    let _owner = start();
    let key = fresh_key("synthetic-event");
    let store = Store::new(Prefs::default());
    let persist = store
        .persist(
            WebStorage::local(&key),
            PersistOptions::new().sync_tabs(true),
        )
        .unwrap();
    store.theme().set("dark".into());
    sleep(0).await;
    assert_eq!(persist.writes_untracked(), 1);

    storage_event_from_another_tab(&key, "\u{1}garbage");
    storage_event_from_another_tab(&key, "null");
    storage_event_from_another_tab(&key, r#"{"version":99,"state":{}}"#);
    let init = web_sys::StorageEventInit::new();
    init.set_key(Some(&key));
    init.set_new_value(Some("no storage area"));
    window()
        .dispatch_event(&web_sys::StorageEvent::new_with_event_init_dict("storage", &init).unwrap())
        .unwrap();
    assert_eq!(persist.error_untracked(), None);
    assert!(!persist.rejected_untracked());
    assert_eq!(store.theme().get_untracked(), "dark");

    store.volume().set(7);
    sleep(0).await;
    assert_eq!(persist.writes_untracked(), 2);
    assert_eq!(
        stored(&key),
        json!({"version": 1, "state": {"theme": "dark", "volume": 7}})
    );
    local().remove_item(&key).unwrap();
}
