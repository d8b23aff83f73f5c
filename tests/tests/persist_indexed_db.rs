//! Persistence to IndexedDB in headless Chromium: asynchronous hydration, save and reload,
//! changes made before hydration, a migration chain, a stored value that is kept, a database
//! blocked or upgraded by another connection, coalescing, and sync over `BroadcastChannel`.
#![cfg(target_arch = "wasm32")]

use indexed_db_futures::database::Database;
use leptos::prelude::*;
use leptos_state::{
    Backend, IndexedDb, Origin, Pending, PersistError, PersistOptions, StorageError, Store,
};
use serde_json::{Value, json};
use std::sync::{Arc, Mutex};
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

#[path = "util/dom.rs"]
mod dom;
#[path = "util/prefs.rs"]
mod prefs;

use dom::{sleep, wait_until};
use prefs::{Prefs, PrefsSlices, start};

/// A database name no other test (or earlier run) uses.
fn fresh_database(name: &str) -> String {
    format!(
        "leptos-state-test-{name}-{}",
        js_sys::Math::random().to_bits()
    )
}

async fn read(backend: &IndexedDb) -> Option<Value> {
    match backend.read() {
        Pending::Later(read) => read.await.unwrap(),
        Pending::Ready(read) => read.unwrap(),
    }
}

async fn write(backend: &IndexedDb, record: Value) {
    match backend.write(&record) {
        Pending::Later(write) => write.await.unwrap(),
        Pending::Ready(write) => write.unwrap(),
    }
}

#[wasm_bindgen_test]
async fn a_fresh_store_loads_what_the_last_one_wrote_once_hydrated() {
    let _owner = start();
    let backend = IndexedDb::new(fresh_database("reload"), "state", "prefs");
    let first = Store::new(Prefs::default());
    let persist = first
        .persist(backend.clone(), PersistOptions::new())
        .unwrap();
    persist.when_hydrated().await;
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
    wait_until("the write", || persist.writes_untracked() == 1).await;
    assert_eq!(
        read(&backend).await,
        Some(json!({"version": 1, "state": {"theme": "dark", "volume": 4}}))
    );

    let second = Store::new(Prefs {
        session: "mine".into(),
        ..Prefs::default()
    });
    let persist = second.persist(backend, PersistOptions::new()).unwrap();
    assert!(
        !persist.hydrated_untracked(),
        "IndexedDB loads asynchronously"
    );
    persist.when_hydrated().await;
    assert!(persist.hydrated_untracked());
    assert_eq!(persist.error_untracked(), None);
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
async fn changes_made_before_hydration_keep_their_fields() {
    let _owner = start();
    let backend = IndexedDb::new(fresh_database("early"), "state", "prefs");
    write(
        &backend,
        json!({"version": 1, "state": {"theme": "dark", "volume": 4}}),
    )
    .await;
    let store = Store::new(Prefs::default());
    let persist = store
        .persist(backend.clone(), PersistOptions::new())
        .unwrap();
    store.volume().set(9);
    persist.when_hydrated().await;
    assert_eq!(store.theme().get_untracked(), "dark");
    assert_eq!(store.volume().get_untracked(), 9);
    wait_until("the write", || persist.writes_untracked() == 1).await;
    assert_eq!(
        read(&backend).await,
        Some(json!({"version": 1, "state": {"theme": "dark", "volume": 9}}))
    );
}

#[wasm_bindgen_test]
async fn a_v1_record_is_migrated_to_v3() {
    let _owner = start();
    let backend = IndexedDb::new(fresh_database("migrate"), "state", "prefs");
    write(&backend, json!({"version": 1, "state": {"colour": "dark"}})).await;
    let options = PersistOptions::new()
        .version(3)
        .migrate(1, |old: Value| Ok(json!({ "theme": old["colour"] })))
        .migrate(2, |mut old: Value| {
            old["volume"] = json!(2);
            Ok(old)
        });
    let store = Store::new(Prefs::default());
    let persist = store.persist(backend, options).unwrap();
    persist.when_hydrated().await;
    assert_eq!(persist.error_untracked(), None);
    assert_eq!(store.theme().get_untracked(), "dark");
    assert_eq!(store.volume().get_untracked(), 2);
}

#[wasm_bindgen_test]
async fn a_record_that_cannot_be_loaded_is_kept() {
    let _owner = start();
    let backend = IndexedDb::new(fresh_database("garbage"), "state", "prefs");
    write(&backend, json!("garbage")).await;
    let store = Store::new(Prefs::default());
    let persist = store
        .persist(backend.clone(), PersistOptions::new())
        .unwrap();
    persist.when_hydrated().await;
    assert!(matches!(
        persist.error_untracked(),
        Some(PersistError::Unreadable { .. })
    ));
    assert!(persist.rejected_untracked());
    store.volume().set(3);
    sleep(50).await;
    assert_eq!(read(&backend).await, Some(json!("garbage")));
}

#[wasm_bindgen_test]
async fn a_database_blocked_by_another_connection_is_reported_then_written_when_freed() {
    let _owner = start();
    let name = fresh_database("blocked");
    // Another connection holds version 1, without the object store, and does not close.
    let other = Database::open(name.as_str()).await.unwrap();
    let store = Store::new(Prefs::default());
    let persist = store
        .persist(
            IndexedDb::new(name.clone(), "state", "prefs"),
            PersistOptions::new(),
        )
        .unwrap();
    persist.when_hydrated().await;
    assert!(
        matches!(
            persist.error_untracked(),
            Some(PersistError::Read {
                source: StorageError::Blocked(_),
                ..
            })
        ),
        "{:?}",
        persist.error_untracked()
    );
    store.volume().set(1);
    assert_eq!(
        store.volume().get_untracked(),
        1,
        "the store works in memory"
    );
    // While the other connection holds on, nothing is written and the error stays.
    sleep(50).await;
    assert_eq!(persist.writes_untracked(), 0);
    assert!(matches!(
        persist.error_untracked(),
        Some(PersistError::Read { .. })
    ));

    // Freed, the write goes through: the retry that waited, or the next change's.
    other.close();
    store.volume().set(2);
    let backend = IndexedDb::new(name, "state", "prefs");
    let expected = Some(json!({"version": 1, "state": {"theme": "", "volume": 2}}));
    for _ in 0..250 {
        if read(&backend).await == expected {
            break;
        }
        sleep(20).await;
    }
    assert_eq!(read(&backend).await, expected);
    assert_eq!(persist.error_untracked(), None);
}

#[wasm_bindgen_test]
async fn another_connection_can_upgrade_the_database_and_writing_goes_on() {
    let _owner = start();
    let name = fresh_database("upgrade");
    let store = Store::new(0_u32);
    let persist = store
        .persist_any(
            IndexedDb::new(name.clone(), "state", "count"),
            PersistOptions::new(),
        )
        .unwrap();
    persist.when_hydrated().await;
    store.set("one", 1).unwrap();
    wait_until("the first write", || persist.writes_untracked() == 1).await;

    // A newer version of the app (in another tab) upgrades the database.
    let newer = Database::open(name.as_str())
        .with_version(7_u32)
        .await
        .unwrap();
    newer.close();

    store.set("two", 2).unwrap();
    wait_until("the second write", || persist.writes_untracked() == 2).await;
    assert_eq!(persist.error_untracked(), None);
}

#[wasm_bindgen_test]
async fn a_thousand_changes_in_one_tick_make_one_write() {
    let _owner = start();
    let backend = IndexedDb::new(fresh_database("coalesce"), "state", "count");
    let store = Store::new(0_u32);
    let persist = store
        .persist_any(backend.clone(), PersistOptions::new())
        .unwrap();
    persist.when_hydrated().await;
    for _ in 0..1_000 {
        store.update("increment", |n| *n += 1).unwrap();
    }
    wait_until("the write", || persist.writes_untracked() == 1).await;
    sleep(50).await;
    assert_eq!(persist.writes_untracked(), 1);
    assert_eq!(
        read(&backend).await,
        Some(json!({"version": 1, "state": 1000}))
    );
}

#[wasm_bindgen_test]
async fn a_write_reaches_the_other_store_as_sync_and_is_not_written_back() {
    let _owner = start();
    let name = fresh_database("sync");
    let synced = PersistOptions::new().sync_tabs(true);
    let a = Store::new(Prefs::default());
    let a_persist = a
        .persist(
            IndexedDb::new(name.clone(), "state", "prefs"),
            synced.clone(),
        )
        .unwrap();
    // Another instance for the same key stands for another tab.
    let b = Store::new(Prefs::default());
    let b_persist = b
        .persist(IndexedDb::new(name, "state", "prefs"), synced)
        .unwrap();
    a_persist.when_hydrated().await;
    b_persist.when_hydrated().await;
    let origins = Arc::new(Mutex::new(Vec::new()));
    let seen = origins.clone();
    b.subscribe(move |change| seen.lock().unwrap().push(change.origin()))
        .detach();

    a.theme().set("dark".into());
    wait_until("the synced theme", || b.theme().get_untracked() == "dark").await;
    assert_eq!(*origins.lock().unwrap(), [Origin::Sync]);
    sleep(50).await;
    assert_eq!(b_persist.writes_untracked(), 0, "b does not write it back");
    assert_eq!(a_persist.writes_untracked(), 1);
}

#[derive(
    leptos_state::State, Clone, PartialEq, Debug, Default, serde::Serialize, serde::Deserialize,
)]
struct List {
    #[state(key = |item| item.id)]
    items: Vec<Item>,
}

#[derive(leptos_state::State, Clone, PartialEq, Debug, serde::Serialize, serde::Deserialize)]
struct Item {
    id: u32,
}

// Two tabs adding at the same moment: each write reads what the other wrote and adds to it in
// one transaction, so no add is lost, in either tab or in storage. Before, sync took another
// tab's list whole and the concurrent adds of one side were lost.
#[wasm_bindgen_test]
async fn two_stores_adding_at_once_keep_every_row() {
    let _owner = start();
    let name = fresh_database("concurrent");
    let options = PersistOptions::new().sync_tabs(true).delay(0);
    let a = Store::new(List::default());
    let a_persist = a
        .persist(
            IndexedDb::new(name.clone(), "state", "list"),
            options.clone(),
        )
        .unwrap();
    let b = Store::new(List::default());
    let b_persist = b
        .persist(IndexedDb::new(name.clone(), "state", "list"), options)
        .unwrap();
    a_persist.when_hydrated().await;
    b_persist.when_hydrated().await;

    for round in 0..20 {
        a.items().push(Item { id: 2 * round + 1 }).unwrap();
        b.items().push(Item { id: 2 * round + 2 }).unwrap();
        sleep(2).await;
    }
    let complete = |store: Store<List>| store.items().len_untracked() == 40;
    wait_until("every row in both stores", || complete(a) && complete(b)).await;
    sleep(100).await;
    assert_eq!(a.get_untracked(), b.get_untracked());
    let stored = read(&IndexedDb::new(name, "state", "list")).await.unwrap();
    assert_eq!(stored["state"]["items"].as_array().unwrap().len(), 40);
}

/// Stores `value` under `key` as it is, with no announcement: what another script could do.
async fn put_raw(database: &str, key: &str, value: &wasm_bindgen::JsValue) {
    use indexed_db_futures::{prelude::*, transaction::TransactionMode};
    // Creates the database and object store as the backend does.
    let _ = read(&IndexedDb::new(database, "state", key)).await;
    let db = Database::open(database).await.unwrap();
    let tx = db
        .transaction("state")
        .with_mode(TransactionMode::Readwrite)
        .build()
        .unwrap();
    tx.object_store("state")
        .unwrap()
        .put(value)
        .with_key(key)
        .without_key_type()
        .await
        .unwrap();
    tx.commit().await.unwrap();
    db.close();
}

/// How many values are under `key`: `get` does not tell a stored `null` from no value.
async fn count(database: &str, key: &str) -> u32 {
    use indexed_db_futures::prelude::*;
    let db = Database::open(database).await.unwrap();
    let count = {
        let tx = db.transaction("state").build().unwrap();
        let store = tx.object_store("state").unwrap();
        store.count().with_query(key).await.unwrap()
    };
    db.close();
    count
}

// A `null` or `undefined` under the key was once taken as "nothing stored" and overwritten.
// It is a value that is not a record: kept and reported, as the text `null` is in Web
// Storage.
#[wasm_bindgen_test]
async fn a_stored_null_or_undefined_is_kept_and_reported() {
    let _owner = start();
    for value in [
        wasm_bindgen::JsValue::NULL,
        wasm_bindgen::JsValue::UNDEFINED,
    ] {
        let name = fresh_database("null");
        put_raw(&name, "prefs", &value).await;
        let store = Store::new(Prefs::default());
        let persist = store
            .persist(
                IndexedDb::new(name.clone(), "state", "prefs"),
                PersistOptions::new(),
            )
            .unwrap();
        persist.when_hydrated().await;
        let error = persist.error_untracked().expect("an error");
        assert!(
            matches!(&error, PersistError::Unreadable { reason, .. } if reason.contains("null")),
            "{error}"
        );
        assert!(persist.rejected_untracked());
        store.volume().set(3);
        sleep(50).await;
        assert_eq!(persist.writes_untracked(), 0);
        assert_eq!(count(&name, "prefs").await, 1, "the value is still there");
        assert_eq!(
            read_js(&name, "prefs").await,
            None,
            "and is still null or undefined"
        );
    }
}

async fn read_js(database: &str, key: &str) -> Option<wasm_bindgen::JsValue> {
    use indexed_db_futures::prelude::*;
    let db = Database::open(database).await.unwrap();
    let value = {
        let tx = db.transaction("state").build().unwrap();
        let store = tx.object_store("state").unwrap();
        store.get(key).await.unwrap()
    };
    db.close();
    value
}

// A string with an unpaired surrogate, which structured storage can hold, is refused and kept.
#[wasm_bindgen_test]
async fn a_record_with_an_unpaired_surrogate_is_kept_and_reported() {
    let _owner = start();
    let name = fresh_database("surrogate");
    let theme = js_sys::JsString::from_char_code(&[0x61, 0xD800]);
    let state = js_sys::Object::new();
    js_sys::Reflect::set(&state, &"theme".into(), &theme).unwrap();
    js_sys::Reflect::set(&state, &"volume".into(), &1.into()).unwrap();
    let record = js_sys::Object::new();
    js_sys::Reflect::set(&record, &"version".into(), &1.into()).unwrap();
    js_sys::Reflect::set(&record, &"state".into(), &state).unwrap();
    put_raw(&name, "prefs", &record).await;

    let store = Store::new(Prefs::default());
    let persist = store
        .persist(
            IndexedDb::new(name.clone(), "state", "prefs"),
            PersistOptions::new(),
        )
        .unwrap();
    persist.when_hydrated().await;
    let error = persist.error_untracked().expect("an error");
    assert!(matches!(error, PersistError::Unreadable { .. }), "{error}");
    store.volume().set(3);
    sleep(50).await;
    assert_eq!(persist.writes_untracked(), 0);
    let kept = read_js(&name, "prefs").await.unwrap();
    let kept_theme = js_sys::Reflect::get(
        &js_sys::Reflect::get(&kept, &"state".into()).unwrap(),
        &"theme".into(),
    )
    .unwrap();
    assert_eq!(kept_theme, wasm_bindgen::JsValue::from(theme));
}

// A panicking migration once ended IndexedDB's background read: `hydrated` never became
// true, `when_hydrated` never resolved, and nothing was reported. Now it is reported like a
// failing migration, and the load ends.
#[wasm_bindgen_test]
async fn a_panicking_migration_ends_the_load_with_an_error() {
    let _owner = start();
    let name = fresh_database("panicking-migration");
    let backend = IndexedDb::new(name, "state", "prefs");
    write(&backend, json!({"version": 1, "state": {"colour": "dark"}})).await;
    let options = PersistOptions::new().version(2).migrate(1, |old: Value| {
        let theme = old["theme"].as_str().expect("version 1 has a theme");
        Ok(json!({ "theme": theme, "volume": 1 }))
    });
    let store = Store::new(Prefs::default());
    let persist = store.persist(backend.clone(), options).unwrap();
    persist.when_hydrated().await;
    assert!(persist.hydrated_untracked());
    let error = persist.error_untracked().expect("an error");
    assert!(
        matches!(&error, PersistError::Migration { from: 1, reason, .. } if reason.contains("panicked")),
        "{error}"
    );
    store.volume().set(3);
    sleep(50).await;
    assert_eq!(
        read(&backend).await,
        Some(json!({"version": 1, "state": {"colour": "dark"}}))
    );
}

// A message on the sync channel that this library did not send (another script, another
// version of the app) is ignored and logged: it is not even a reason to read the storage,
// it never makes the tab refuse its stored record, and writing goes on. Before, such a
// message was decoded as a record: the tab reported its good stored record as unreadable
// and stopped writing until `overwrite_stored()`.
#[wasm_bindgen_test]
async fn a_message_this_library_did_not_send_is_ignored() {
    let _owner = start();
    let name = fresh_database("foreign");
    let backend = IndexedDb::new(name.clone(), "state", "prefs");
    let store = Store::new(Prefs::default());
    let persist = store
        .persist(
            backend.clone(),
            PersistOptions::new().sync_tabs(true).delay(0),
        )
        .unwrap();
    persist.when_hydrated().await;
    store.theme().set("dark".into());
    wait_until("the first write", || persist.writes_untracked() == 1).await;

    // Storage changed behind the library's back: a message it did not send does not make
    // the tab read it.
    put_raw(
        &name,
        "prefs",
        &js_sys::JSON::parse(r#"{"version": 1, "state": {"theme": "other", "volume": 1}}"#)
            .unwrap(),
    )
    .await;
    let channel =
        web_sys::BroadcastChannel::new(&format!("leptos-state:{name}/state/prefs")).unwrap();
    let envelope = |kind: &str, version: f64, from: Option<f64>| {
        let message = js_sys::Object::new();
        js_sys::Reflect::set(&message, &"kind".into(), &kind.into()).unwrap();
        js_sys::Reflect::set(&message, &"version".into(), &version.into()).unwrap();
        if let Some(from) = from {
            js_sys::Reflect::set(&message, &"from".into(), &from.into()).unwrap();
        }
        wasm_bindgen::JsValue::from(message)
    };
    let old_style = js_sys::Object::new();
    js_sys::Reflect::set(&old_style, &"from".into(), &0.5.into()).unwrap();
    for message in [
        wasm_bindgen::JsValue::from_str("hello"),
        wasm_bindgen::JsValue::NULL,
        js_sys::Object::new().into(),
        old_style.into(),
        envelope("leptos-state/write", 2.0, Some(0.5)),
        envelope("leptos-state/write", 1.0, None),
        envelope("something-else", 1.0, Some(0.5)),
    ] {
        channel.post_message(&message).unwrap();
    }
    for _ in 0..200 {
        channel.post_message(&"flood".into()).unwrap();
    }
    sleep(100).await;
    assert_eq!(persist.error_untracked(), None);
    assert!(!persist.rejected_untracked());
    assert_eq!(store.theme().get_untracked(), "dark", "nothing was read");

    // A message in this library's envelope is an announcement: the tab reads the storage.
    channel
        .post_message(&envelope("leptos-state/write", 1.0, Some(0.5)))
        .unwrap();
    wait_until("the announced write", || {
        store.theme().get_untracked() == "other"
    })
    .await;
    store.volume().set(7);
    wait_until("the next write", || persist.writes_untracked() == 2).await;
    let mut written = read(&backend).await.unwrap();
    let written = written.as_object_mut().unwrap();
    assert!(
        written.remove("rev").is_some(),
        "tab sync names the revision"
    );
    assert_eq!(
        written.remove("parent"),
        None,
        "written from a record that named none, it names no parent"
    );
    assert_eq!(
        serde_json::Value::Object(written.clone()),
        json!({"version": 1, "state": {"theme": "other", "volume": 7}})
    );
    channel.close();
}
