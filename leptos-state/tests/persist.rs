//! Persistence with the `Memory` backend: saving and loading, partial persistence,
//! migrations, untrusted stored values, failing storage, coalescing, tab sync, asynchronous
//! hydration and machines.

#[path = "util/effects.rs"]
mod effects;

use effects::{flush, owner};
use futures::channel::oneshot;
use leptos::prelude::*;
use leptos_state::{
    Actor, ArcStore, Backend, History, HistoryOptions, Machine, ManualClock, Memory, Origin,
    Pending, PersistError, PersistOptions, State, StorageError, Store, Validate,
};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use std::sync::{Arc, Mutex};

#[derive(State, Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
struct Prefs {
    theme: String,
    volume: u32,
    #[state(persist = false)]
    session: String,
}

fn prefs(theme: &str, volume: u32, session: &str) -> Prefs {
    Prefs {
        theme: theme.into(),
        volume,
        session: session.into(),
    }
}

/// The stored record, without the revision and parent that tab sync adds (checked in
/// `records_written_with_tab_sync_name_their_revision_and_parent`).
fn stored(disk: &Memory) -> Value {
    let mut record: Value =
        serde_json::from_str(&disk.raw().expect("a stored record")).expect("stored JSON");
    if let Some(record) = record.as_object_mut() {
        record.remove("rev");
        record.remove("parent");
    }
    record
}

fn revision(disk: &Memory) -> (Option<String>, Option<String>) {
    let record: Value = serde_json::from_str(&disk.raw().unwrap()).unwrap();
    let text = |name: &str| record.get(name).and_then(Value::as_str).map(str::to_owned);
    (text("rev"), text("parent"))
}

#[test]
fn records_written_with_tab_sync_name_their_revision_and_parent() {
    let _owner = owner();
    let disk = Memory::new("prefs");
    let store = Store::new(Prefs::default());
    store
        .persist(disk.clone(), PersistOptions::new().sync_tabs(true))
        .unwrap();
    store.volume().set(1);
    let (first, parent) = revision(&disk);
    assert!(first.is_some());
    assert_eq!(
        parent.as_deref(),
        Some("nothing"),
        "nothing was stored before"
    );
    store.volume().set(2);
    let (second, parent) = revision(&disk);
    assert_ne!(second, first);
    assert_eq!(parent, first);

    // Without tab sync the record is the plain `{version, state}`.
    let plain = Memory::new("plain");
    let store = Store::new(Prefs::default());
    store.persist(plain.clone(), PersistOptions::new()).unwrap();
    store.volume().set(1);
    assert_eq!(revision(&plain), (None, None));
}

#[test]
fn a_fresh_store_reads_what_the_last_one_wrote_except_unpersisted_fields() {
    let _owner = owner();
    let disk = Memory::new("prefs");
    let first = Store::new(Prefs::default());
    first.persist(disk.clone(), PersistOptions::new()).unwrap();
    first
        .set("configure", prefs("dark", 7, "first session"))
        .unwrap();
    assert_eq!(
        stored(&disk),
        json!({"version": 1, "state": {"theme": "dark", "volume": 7}})
    );

    let second = Store::new(prefs("light", 1, "second session"));
    let persist = second.persist(disk.clone(), PersistOptions::new()).unwrap();
    assert!(persist.hydrated_untracked());
    assert_eq!(persist.error_untracked(), None);
    assert_eq!(second.get_untracked(), prefs("dark", 7, "second session"));
}

#[test]
fn hydration_is_one_change_tagged_hydration_that_history_does_not_record() {
    let _owner = owner();
    let disk = Memory::new("prefs");
    disk.set_raw(r#"{"version":1,"state":{"theme":"dark","volume":3}}"#);
    let store = Store::new(Prefs::default());
    let history = History::attach(store, HistoryOptions::new());
    let origins = Arc::new(Mutex::new(Vec::new()));
    let seen = origins.clone();
    store
        .subscribe(move |change| {
            seen.lock()
                .unwrap()
                .push((change.action().to_owned(), change.origin()))
        })
        .detach();
    store.persist(disk.clone(), PersistOptions::new()).unwrap();
    assert_eq!(
        *origins.lock().unwrap(),
        [("hydrate".to_owned(), Origin::Hydration)]
    );
    assert_eq!(history.past_len(), 0);
    // Loading is not written back.
    assert_eq!(disk.writes(), 0);
}

#[test]
fn a_v1_state_is_migrated_to_v3_in_order() {
    let _owner = owner();
    let disk = Memory::new("prefs");
    disk.set_raw(r#"{"version":1,"state":{"colour":"dark"}}"#);
    let options = PersistOptions::new()
        .version(3)
        .migrate(1, |mut old: Value| {
            let theme = old
                .get_mut("colour")
                .ok_or("version 1 has no `colour`")?
                .take();
            Ok(json!({ "theme": theme }))
        })
        .migrate(2, |mut old: Value| {
            old["volume"] = json!(5);
            Ok(old)
        });
    let store = Store::new(Prefs::default());
    let persist = store.persist(disk.clone(), options).unwrap();
    assert_eq!(persist.error_untracked(), None);
    assert_eq!(store.get_untracked(), prefs("dark", 5, ""));

    store.volume().set(6);
    assert_eq!(
        stored(&disk),
        json!({"version": 3, "state": {"theme": "dark", "volume": 6}})
    );
}

/// Attaches persistence to a default store over `raw`, and checks that the store kept its
/// default, the error is the expected one, and the stored text survives a change.
fn assert_rejected(raw: &str, options: PersistOptions, expected: impl Fn(&PersistError) -> bool) {
    let _owner = owner();
    let disk = Memory::new("prefs");
    disk.set_raw(raw);
    let store = Store::new(Prefs::default());
    let persist = store.persist(disk.clone(), options).unwrap();
    let error = persist.error_untracked().expect("an error");
    assert!(expected(&error), "unexpected error: {error}");
    assert!(error.rejects_stored());
    assert!(persist.rejected_untracked());
    assert!(persist.hydrated_untracked());
    assert_eq!(store.get_untracked(), Prefs::default());

    store.volume().set(9);
    persist.flush();
    assert_eq!(
        store.volume().get_untracked(),
        9,
        "the store works in memory"
    );
    assert_eq!(disk.raw().unwrap(), raw, "the stored value is kept");
    assert_eq!(disk.writes(), 0);

    persist.overwrite_stored();
    assert_eq!(
        stored(&disk),
        json!({"version": 1, "state": {"theme": "", "volume": 9}})
    );
    assert_eq!(persist.error_untracked(), None);
    assert!(!persist.rejected_untracked());
}

#[test]
fn text_that_is_not_json_is_kept_and_reported() {
    assert_rejected(
        "{not json",
        PersistOptions::new(),
        |error| matches!(error, PersistError::Unreadable { backend, .. } if backend == "memory `prefs`"),
    );
}

#[test]
fn json_that_is_not_a_record_is_kept_and_reported() {
    assert_rejected(
        "[1, 2, 3]",
        PersistOptions::new(),
        |error| matches!(error, PersistError::Unreadable { reason, .. } if reason.contains("not an object")),
    );
}

#[test]
fn a_state_of_the_wrong_shape_is_kept_and_reported() {
    assert_rejected(
        r#"{"version":1,"state":{"theme":42,"volume":"loud"}}"#,
        PersistOptions::new(),
        |error| matches!(error, PersistError::Unreadable { reason, .. } if reason.contains("invalid type")),
    );
}

#[test]
fn a_newer_version_is_kept_and_reported() {
    assert_rejected(
        r#"{"version":4,"state":{"theme":"dark","volume":1}}"#,
        PersistOptions::new(),
        |error| {
            matches!(
                error,
                PersistError::NewerVersion {
                    stored: 4,
                    known: 1,
                    ..
                }
            )
        },
    );
}

#[test]
fn a_failing_migration_is_kept_and_reported() {
    let options = PersistOptions::new()
        .version(1)
        .migrate(0, |_| Err("version 0 cannot be read".into()));
    assert_rejected(
        r#"{"version":0,"state":{}}"#,
        options,
        |error| matches!(error, PersistError::Migration { from: 0, reason, .. } if reason == "version 0 cannot be read"),
    );
}

// Versions past `u32::MAX` were once refused as unreadable: an app that branches on "stored
// by a newer app" missed them.
#[test]
fn a_version_of_2_pow_32_and_above_is_newer() {
    for (raw, version) in [
        ("4294967296", 1 << 32),
        ("18446744073709551615", u64::MAX),
        // Past what a whole number holds: reported at the largest one.
        ("1e30", u64::MAX),
    ] {
        assert_rejected(
            &format!(r#"{{"version":{raw},"state":{{}}}}"#),
            PersistOptions::new(),
            |error| {
                matches!(
                    error,
                    PersistError::NewerVersion { stored, known: 1, .. } if *stored == version
                )
            },
        );
    }
}

#[test]
fn a_version_that_is_not_a_whole_number_is_unreadable() {
    for raw in ["-1", "1.5", "\"1\"", "null"] {
        assert_rejected(
            &format!(r#"{{"version":{raw},"state":{{}}}}"#),
            PersistOptions::new(),
            |error| matches!(error, PersistError::Unreadable { reason, .. } if reason.contains("version")),
        );
    }
}

// A stored `null` is a value, not "nothing stored": kept and reported, as on every backend.
#[test]
fn a_stored_null_is_kept_and_reported() {
    assert_rejected(
        "null",
        PersistOptions::new(),
        |error| matches!(error, PersistError::Unreadable { reason, .. } if reason.contains("not an object")),
    );
}

// A migration that panics is reported like one that fails, and the stored value is kept; it
// once left `persist()` with the panic.
#[test]
fn a_panicking_migration_is_kept_and_reported() {
    let options = PersistOptions::new().version(1).migrate(0, |state: Value| {
        let items = state["items"].as_array().expect("version 0 has items");
        Ok(json!({ "count": items.len() }))
    });
    assert_rejected(r#"{"version":0,"state":{"items":7}}"#, options, |error| {
        matches!(
            error,
            PersistError::Migration { from: 0, reason, .. }
                if reason.contains("panicked") && reason.contains("version 0 has items")
        )
    });
}

#[test]
fn a_version_without_a_migration_is_kept_and_reported() {
    let options = PersistOptions::new().version(1);
    assert_rejected(r#"{"version":0,"state":{}}"#, options, |error| {
        matches!(
            error,
            PersistError::NoMigration {
                stored: 0,
                missing: 0,
                ..
            }
        )
    });
}

#[test]
fn a_stored_state_that_middleware_refuses_is_kept_and_reported() {
    let _owner = owner();
    let disk = Memory::new("prefs");
    let raw = r#"{"version":1,"state":{"theme":"dark","volume":400}}"#;
    disk.set_raw(raw);
    let store = Store::new(Prefs::default());
    store.attach(Validate::new(|p: &Prefs| {
        if p.volume > 100 {
            Err("volume goes up to 100".to_owned())
        } else {
            Ok(())
        }
    }));
    let persist = store.persist(disk.clone(), PersistOptions::new()).unwrap();
    assert!(matches!(
        persist.error_untracked(),
        Some(PersistError::Unreadable { reason, .. }) if reason.contains("volume goes up to 100")
    ));
    assert_eq!(store.get_untracked(), Prefs::default());
    assert_eq!(disk.raw().unwrap(), raw);
}

#[test]
fn a_failed_write_is_reported_and_retried_on_the_next_change() {
    let _owner = owner();
    let disk = Memory::new("prefs");
    let store = Store::new(Prefs::default());
    let persist = store.persist(disk.clone(), PersistOptions::new()).unwrap();
    disk.refuse_writes(Some(StorageError::QuotaExceeded("full".into())));
    store.volume().set(1);
    assert!(matches!(
        persist.error_untracked(),
        Some(PersistError::Write {
            source: StorageError::QuotaExceeded(_),
            ..
        })
    ));
    assert_eq!(
        store.volume().get_untracked(),
        1,
        "the store works in memory"
    );
    assert_eq!(disk.raw(), None);

    disk.refuse_writes(None);
    store.theme().set("dark".into());
    assert_eq!(persist.error_untracked(), None);
    assert_eq!(
        stored(&disk),
        json!({"version": 1, "state": {"theme": "dark", "volume": 1}})
    );
}

/// A backend whose reads fail until told otherwise, over a `Memory`.
struct Flaky {
    disk: Memory,
    fail: Arc<Mutex<bool>>,
}

impl Backend for Flaky {
    fn describe(&self) -> String {
        "flaky".into()
    }

    fn read(&self) -> Pending<Result<Option<Value>, StorageError>> {
        if *self.fail.lock().unwrap() {
            return Pending::Ready(Err(StorageError::Unavailable("disabled".into())));
        }
        self.disk.read()
    }

    fn write(&self, record: &Value) -> Pending<Result<(), StorageError>> {
        if *self.fail.lock().unwrap() {
            return Pending::Ready(Err(StorageError::Unavailable("disabled".into())));
        }
        self.disk.write(record)
    }
}

#[test]
fn an_unavailable_storage_is_read_again_before_the_next_write() {
    let _owner = owner();
    let disk = Memory::new("prefs");
    disk.set_raw(r#"{"version":1,"state":{"theme":"dark","volume":3}}"#);
    let fail = Arc::new(Mutex::new(true));
    let store = Store::new(Prefs::default());
    let persist = store
        .persist(
            Flaky {
                disk: disk.clone(),
                fail: fail.clone(),
            },
            PersistOptions::new(),
        )
        .unwrap();
    assert!(matches!(
        persist.error_untracked(),
        Some(PersistError::Read {
            source: StorageError::Unavailable(_),
            ..
        })
    ));
    assert!(persist.hydrated_untracked());
    assert!(!persist.rejected_untracked());
    store.volume().set(8);
    assert_eq!(disk.writes(), 0);

    *fail.lock().unwrap() = false;
    store.volume().set(9);
    assert_eq!(persist.error_untracked(), None);
    // Read first: the field changed since attaching keeps its value, the other is loaded.
    assert_eq!(store.get_untracked(), prefs("dark", 9, ""));
    assert_eq!(
        stored(&disk),
        json!({"version": 1, "state": {"theme": "dark", "volume": 9}})
    );
}

#[test]
fn changes_within_the_delay_make_one_write() {
    let _owner = owner();
    let disk = Memory::new("count");
    let clock = ManualClock::new();
    let store = Store::new(0_u32);
    let persist = store
        .persist_any(disk.clone(), PersistOptions::new().clock(clock.clone()))
        .unwrap();
    for _ in 0..1_000 {
        store.update("increment", |n| *n += 1).unwrap();
    }
    assert_eq!(disk.writes(), 0);
    clock.advance(0);
    assert_eq!(disk.writes(), 1);
    assert_eq!(persist.writes_untracked(), 1);
    assert_eq!(stored(&disk), json!({"version": 1, "state": 1000}));

    let delayed = Memory::new("delayed");
    let store = Store::new(0_u32);
    store
        .persist_any(
            delayed.clone(),
            PersistOptions::new().delay(200).clock(clock.clone()),
        )
        .unwrap();
    store.set("one", 1).unwrap();
    clock.advance(150);
    store.set("two", 2).unwrap();
    assert_eq!(delayed.writes(), 0);
    clock.advance(50);
    assert_eq!(delayed.writes(), 1);
    assert_eq!(stored(&delayed), json!({"version": 1, "state": 2}));
    clock.advance(1_000);
    assert_eq!(delayed.writes(), 1);
}

#[test]
fn flush_writes_a_pending_change_at_once() {
    let _owner = owner();
    let disk = Memory::new("count");
    let clock = ManualClock::new();
    let store = Store::new(0_u32);
    let persist = store
        .persist_any(
            disk.clone(),
            PersistOptions::new().delay(1_000).clock(clock.clone()),
        )
        .unwrap();
    store.set("load", 4).unwrap();
    persist.flush();
    assert_eq!(stored(&disk), json!({"version": 1, "state": 4}));
    clock.advance(1_000);
    assert_eq!(disk.writes(), 1, "the scheduled write was cancelled");
}

#[test]
fn another_tabs_write_enters_as_sync_and_is_not_written_back() {
    let _owner = owner();
    let tab_a = Memory::new("prefs");
    let tab_b = tab_a.another_tab();
    let synced = PersistOptions::new().sync_tabs(true);
    let a = Store::new(Prefs::default());
    a.persist(tab_a.clone(), synced.clone()).unwrap();
    let b = Store::new(prefs("", 0, "b's session"));
    let history = History::attach(b, HistoryOptions::new());
    b.persist(tab_b, synced).unwrap();
    let origins = Arc::new(Mutex::new(Vec::new()));
    let seen = origins.clone();
    b.subscribe(move |change| seen.lock().unwrap().push(change.origin()))
        .detach();

    a.set("configure", prefs("dark", 2, "a's session")).unwrap();
    assert_eq!(b.get_untracked(), prefs("dark", 2, "b's session"));
    assert_eq!(*origins.lock().unwrap(), [Origin::Sync]);
    assert_eq!(history.past_len(), 0);
    assert_eq!(tab_a.writes(), 1, "b did not write the synced state back");
}

#[test]
fn tab_sync_needs_a_backend_that_can_watch() {
    let _owner = owner();
    let store = Store::new(Prefs::default());
    let error = store
        .persist(
            Flaky {
                disk: Memory::new("prefs"),
                fail: Arc::default(),
            },
            PersistOptions::new().sync_tabs(true),
        )
        .unwrap_err();
    assert_eq!(
        error,
        PersistError::SyncUnsupported {
            backend: "flaky".into()
        }
    );
}

#[test]
fn contradictory_migrations_are_refused() {
    let _owner = owner();
    let store = Store::new(Prefs::default());
    let twice = PersistOptions::new()
        .version(3)
        .migrate(1, Ok)
        .migrate(1, Ok);
    assert!(matches!(
        store.persist(Memory::new("a"), twice),
        Err(PersistError::Options(reason)) if reason == "two migrations start from version 1"
    ));
    let beyond = PersistOptions::new().version(2).migrate(2, Ok);
    assert!(matches!(
        store.persist(Memory::new("b"), beyond),
        Err(PersistError::Options(_))
    ));
}

/// A backend that answers reads later, when the test says.
struct Slow {
    disk: Memory,
    answers: Arc<Mutex<Vec<oneshot::Sender<()>>>>,
}

impl Backend for Slow {
    fn describe(&self) -> String {
        "slow".into()
    }

    fn read(&self) -> Pending<Result<Option<Value>, StorageError>> {
        let (answer, answered) = oneshot::channel();
        self.answers.lock().unwrap().push(answer);
        let disk = self.disk.clone();
        Pending::Later(Box::pin(async move {
            let _ = answered.await;
            match disk.read() {
                Pending::Ready(result) => result,
                Pending::Later(read) => read.await,
            }
        }))
    }

    fn write(&self, record: &Value) -> Pending<Result<(), StorageError>> {
        self.disk.write(record)
    }
}

#[test]
fn changes_made_before_an_asynchronous_load_keep_their_fields() {
    let _owner = owner();
    let disk = Memory::new("prefs");
    disk.set_raw(r#"{"version":1,"state":{"theme":"dark","volume":3}}"#);
    let answers = Arc::default();
    let store = Store::new(prefs("light", 0, "session"));
    let persist = store
        .persist(
            Slow {
                disk: disk.clone(),
                answers: Arc::clone(&answers),
            },
            PersistOptions::new(),
        )
        .unwrap();
    assert!(!persist.hydrated_untracked());
    let mut waiting = Box::pin(persist.when_hydrated());
    assert!(
        futures::FutureExt::now_or_never(waiting.as_mut()).is_none(),
        "not hydrated yet"
    );

    store.volume().set(8);
    assert_eq!(
        disk.writes(),
        0,
        "nothing is written before the stored value is read"
    );
    answers.lock().unwrap().remove(0).send(()).unwrap();
    flush();
    futures::executor::block_on(waiting);
    assert!(persist.hydrated_untracked());
    assert_eq!(store.get_untracked(), prefs("dark", 8, "session"));
    assert_eq!(
        stored(&disk),
        json!({"version": 1, "state": {"theme": "dark", "volume": 8}})
    );
}

#[test]
fn hydrated_is_reactive() {
    let _owner = owner();
    let answers = Arc::default();
    let store = Store::new(Prefs::default());
    let persist = store
        .persist(
            Slow {
                disk: Memory::new("prefs"),
                answers: Arc::clone(&answers),
            },
            PersistOptions::new(),
        )
        .unwrap();
    let seen = Arc::new(Mutex::new(Vec::new()));
    let log = seen.clone();
    let watched = persist.clone();
    Effect::new(move |_| log.lock().unwrap().push(watched.hydrated()));
    flush();
    answers.lock().unwrap().remove(0).send(()).unwrap();
    flush();
    flush();
    assert_eq!(*seen.lock().unwrap(), [false, true]);
}

#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug, Serialize, Deserialize)]
enum Light {
    Green,
    Yellow,
    Red,
}

#[derive(Debug)]
struct Next;

fn traffic_light() -> Machine<Light, Next, u32> {
    Machine::builder(0)
        .initial(Light::Green)
        .state(Light::Green, |s| {
            s.on_with(Next, |t| t.to(Light::Yellow).action(|n, _| *n += 1))
        })
        .state(Light::Yellow, |s| s.on(Next, Light::Red))
        .state(Light::Red, |s| s.on(Next, Light::Green))
        .build()
        .unwrap()
}

#[test]
fn a_machine_snapshot_is_saved_after_each_transition_and_restored() {
    let _owner = owner();
    let disk = Memory::new("light");
    let light = Actor::new(traffic_light());
    light.persist(disk.clone(), PersistOptions::new()).unwrap();
    light.send(Next);
    light.send(Next);
    assert_eq!(
        stored(&disk),
        json!({"version": 1, "state": {"states": ["Red"], "history": [], "context": 1}})
    );

    let reloaded = Actor::new(traffic_light());
    let persist = reloaded.persist(disk, PersistOptions::new()).unwrap();
    assert_eq!(persist.error_untracked(), None);
    assert_eq!(reloaded.state(), [Light::Red]);
    assert_eq!(reloaded.with_context(|n| *n), Some(1));
}

// A value of a type without `State`, changed before an asynchronous load, keeps this tab's
// value; the stored one used to replace it.
#[test]
fn a_plain_value_changed_before_an_asynchronous_load_keeps_it() {
    let _owner = owner();
    let disk = Memory::new("count");
    disk.set_raw(r#"{"version":1,"state":5}"#);
    let answers = Arc::default();
    let count = Store::new(0_i64);
    let persist = count
        .persist_any(
            Slow {
                disk: disk.clone(),
                answers: Arc::clone(&answers),
            },
            PersistOptions::new(),
        )
        .unwrap();
    count.set("count", 9).unwrap();
    answers.lock().unwrap().remove(0).send(()).unwrap();
    flush();
    assert!(persist.hydrated_untracked());
    assert_eq!(count.get_untracked(), 9);
    assert_eq!(stored(&disk), json!({"version": 1, "state": 9}));
}

// A machine that moved before an asynchronous load keeps its own state, and writes it.
#[test]
fn a_machine_that_moved_before_an_asynchronous_load_keeps_its_state() {
    let _owner = owner();
    let disk = Memory::new("light");
    disk.set_raw(r#"{"version":1,"state":{"states":["Red"],"history":[],"context":5}}"#);
    let answers = Arc::default();
    let light = Actor::new(traffic_light());
    let persist = light
        .persist(
            Slow {
                disk: disk.clone(),
                answers: Arc::clone(&answers),
            },
            PersistOptions::new(),
        )
        .unwrap();
    light.send(Next);
    answers.lock().unwrap().remove(0).send(()).unwrap();
    flush();
    assert!(persist.hydrated_untracked());
    assert_eq!(light.state(), [Light::Yellow]);
    assert_eq!(
        stored(&disk)["state"]["states"],
        json!(["Yellow"]),
        "the machine's own state is written over the stored one"
    );
}

#[test]
fn a_machine_snapshot_naming_unknown_states_is_kept_and_reported() {
    let _owner = owner();
    let disk = Memory::new("light");
    let raw = r#"{"version":1,"state":{"states":["Blue"],"history":[],"context":0}}"#;
    disk.set_raw(raw);
    let light = Actor::new(traffic_light());
    let persist = light.persist(disk.clone(), PersistOptions::new()).unwrap();
    assert!(matches!(
        persist.error_untracked(),
        Some(PersistError::Unreadable { .. })
    ));
    assert_eq!(light.state(), [Light::Green]);
    light.send(Next);
    assert_eq!(disk.raw().unwrap(), raw);
}

#[test]
fn an_arc_store_persists_like_a_store() {
    let disk = Memory::new("count");
    let store = ArcStore::new(1_i64);
    store
        .persist_any(disk.clone(), PersistOptions::new())
        .unwrap();
    store.set("load", -3).unwrap();
    let reloaded = ArcStore::new(0_i64);
    reloaded.persist_any(disk, PersistOptions::new()).unwrap();
    assert_eq!(reloaded.get_untracked(), -3);
}

/// A backend whose writes finish when the test says, over a `Memory`.
struct SlowWrites {
    disk: Memory,
    answers: Arc<Mutex<Vec<oneshot::Sender<()>>>>,
}

impl Backend for SlowWrites {
    fn describe(&self) -> String {
        "slow writes".into()
    }

    fn read(&self) -> Pending<Result<Option<Value>, StorageError>> {
        self.disk.read()
    }

    fn write(&self, record: &Value) -> Pending<Result<(), StorageError>> {
        let (answer, answered) = oneshot::channel();
        self.answers.lock().unwrap().push(answer);
        let (disk, record) = (self.disk.clone(), record.clone());
        Pending::Later(Box::pin(async move {
            let _ = answered.await;
            match disk.write(&record) {
                Pending::Ready(result) => result,
                Pending::Later(write) => write.await,
            }
        }))
    }
}

#[test]
fn a_change_made_during_a_write_is_written_after_it_in_order() {
    let _owner = owner();
    let disk = Memory::new("count");
    let answers: Arc<Mutex<Vec<oneshot::Sender<()>>>> = Arc::default();
    let store = Store::new(0_u32);
    let persist = store
        .persist_any(
            SlowWrites {
                disk: disk.clone(),
                answers: answers.clone(),
            },
            PersistOptions::new(),
        )
        .unwrap();
    store.set("one", 1).unwrap();
    store.set("two", 2).unwrap();
    flush();
    assert_eq!(answers.lock().unwrap().len(), 1, "the second write waits");
    answers.lock().unwrap().remove(0).send(()).unwrap();
    flush();
    assert_eq!(stored(&disk), json!({"version": 1, "state": 1}));
    assert_eq!(
        answers.lock().unwrap().len(),
        1,
        "then the second write starts"
    );
    answers.lock().unwrap().remove(0).send(()).unwrap();
    flush();
    assert_eq!(stored(&disk), json!({"version": 1, "state": 2}));
    assert_eq!(persist.writes_untracked(), 2);
}

#[test]
fn a_refused_stored_value_replaced_by_another_tab_is_taken_and_writing_resumes() {
    let _owner = owner();
    let tab_a = Memory::new("prefs");
    tab_a.set_raw("{garbage");
    let synced = PersistOptions::new().sync_tabs(true);
    let a = Store::new(Prefs::default());
    let persist = a.persist(tab_a.clone(), synced.clone()).unwrap();
    assert!(persist.rejected_untracked());

    // Another tab (a newer deployment, or the user's choice) writes a good value.
    let tab_b = tab_a.another_tab();
    let b = Store::new(Prefs::default());
    let b_persist = b.persist(tab_b, synced).unwrap();
    b_persist.overwrite_stored();
    b.volume().set(4);
    assert_eq!(a.volume().get_untracked(), 4);
    assert!(!persist.rejected_untracked());
    assert_eq!(persist.error_untracked(), None);

    a.theme().set("dark".into());
    assert_eq!(
        stored(&tab_a),
        json!({"version": 1, "state": {"theme": "dark", "volume": 4}})
    );
}

#[test]
fn another_tabs_write_keeps_this_tabs_unsaved_changes_and_both_are_written() {
    let _owner = owner();
    let (clock_a, clock_b) = (ManualClock::new(), ManualClock::new());
    let tab_a = Memory::new("prefs");
    let tab_b = tab_a.another_tab();
    let synced = PersistOptions::new().sync_tabs(true);
    let a = Store::new(Prefs::default());
    a.persist(tab_a.clone(), synced.clone().clock(clock_a.clone()))
        .unwrap();
    let b = Store::new(Prefs::default());
    b.persist(tab_b, synced.clock(clock_b.clone())).unwrap();

    a.theme().set("mine".into()); // not written yet
    b.volume().set(4);
    b.theme().set("theirs".into());
    clock_b.advance(0); // b writes first
    assert_eq!(a.get_untracked(), prefs("mine", 4, ""));
    clock_a.advance(0);
    assert_eq!(
        stored(&tab_a),
        json!({"version": 1, "state": {"theme": "mine", "volume": 4}})
    );
    assert_eq!(b.get_untracked(), prefs("mine", 4, ""));
}

#[test]
fn overwrite_stored_does_not_write_over_a_value_it_never_read() {
    let _owner = owner();
    let disk = Memory::new("prefs");
    disk.set_raw(r#"{"version":1,"state":{"theme":"dark","volume":3}}"#);
    let store = Store::new(Prefs::default());
    let persist = store
        .persist(
            Flaky {
                disk: disk.clone(),
                fail: Arc::new(Mutex::new(true)),
            },
            PersistOptions::new(),
        )
        .unwrap();
    store.volume().set(1);
    persist.overwrite_stored();
    assert_eq!(disk.writes(), 0);
    assert_eq!(
        disk.raw().unwrap(),
        r#"{"version":1,"state":{"theme":"dark","volume":3}}"#
    );
}

#[derive(State, Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Login {
    user_name: String,
    #[state(persist = false)]
    auth_token: String,
}

#[test]
fn an_unpersisted_field_renamed_by_serde_is_never_written_with_its_value() {
    let _owner = owner();
    let disk = Memory::new("login");
    let store = Store::new(Login::default());
    store.persist(disk.clone(), PersistOptions::new()).unwrap();
    store
        .set(
            "log in",
            Login {
                user_name: "ada".into(),
                auth_token: "secret".into(),
            },
        )
        .unwrap();
    let raw = disk.raw().unwrap();
    assert!(!raw.contains("secret"), "{raw}");
}

#[test]
fn a_pending_write_is_flushed_when_the_stores_owner_is_cleaned_up() {
    let owner = owner();
    let disk = Memory::new("count");
    let clock = ManualClock::new();
    let store = Store::new(0_u32);
    store
        .persist_any(
            disk.clone(),
            PersistOptions::new().delay(1_000).clock(clock),
        )
        .unwrap();
    store.set("load", 8).unwrap();
    assert_eq!(disk.writes(), 0);
    owner.cleanup();
    assert_eq!(stored(&disk), json!({"version": 1, "state": 8}));
}

/// Memory that reads and writes in one step, as IndexedDB does in one transaction.
struct Transactional(Memory);

impl Backend for Transactional {
    fn describe(&self) -> String {
        "transactional".into()
    }

    fn read(&self) -> Pending<Result<Option<Value>, StorageError>> {
        self.0.read()
    }

    fn write(&self, record: &Value) -> Pending<Result<(), StorageError>> {
        self.0.write(record)
    }

    fn read_and_write(
        &self,
        merge: leptos_state::Merge,
    ) -> Option<Pending<Result<(), StorageError>>> {
        let stored = match self.0.read() {
            Pending::Ready(stored) => stored,
            Pending::Later(_) => unreachable!("memory reads at once"),
        };
        Some(match merge(stored) {
            Some(record) => self.0.write(&record),
            None => Pending::Ready(Ok(())),
        })
    }

    fn watch(&self, on_write: leptos_state::OnWrite) -> Option<leptos_state::Watch> {
        self.0.watch(on_write)
    }
}

// Regression: a read-and-write whose merge found the stored value refused, and so wrote
// nothing, counted as a write and dropped the change; it must count as nothing written, and
// the change must be written once another tab replaces the refused value.
#[test]
fn a_save_that_finds_the_stored_value_refused_writes_later_when_it_is_replaced() {
    let _owner = owner();
    let disk = Memory::new("prefs");
    let synced = || PersistOptions::new().sync_tabs(true);
    let store = Store::new(Prefs::default());
    let persist = store
        .persist(Transactional(disk.clone()), synced())
        .unwrap();
    // Something else (another version of the app) writes a value this one cannot read.
    let newer = r#"{"version":9,"state":{}}"#;
    disk.set_raw(newer);
    store.theme().set("dark".into());
    assert_eq!(persist.writes_untracked(), 0, "nothing was written");
    assert!(persist.rejected_untracked());
    assert_eq!(disk.raw().unwrap(), newer, "the stored value is kept");

    // Another tab writes a value this one can read: this tab takes it and writes its change.
    let other = Store::new(Prefs::default());
    let other_persist = other.persist(disk.another_tab(), synced()).unwrap();
    other_persist.overwrite_stored();
    other.volume().set(4);
    assert!(!persist.rejected_untracked());
    assert_eq!(
        stored(&disk),
        json!({"version": 1, "state": {"theme": "dark", "volume": 4}})
    );
    assert_eq!(other.theme().get_untracked(), "dark");
}

#[derive(State, Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
struct Board {
    #[state(key = |card| card.id)]
    cards: Vec<Card>,
}

#[derive(State, Clone, Debug, PartialEq, Serialize, Deserialize)]
struct Card {
    id: u32,
}

fn ids(store: Store<Board>) -> Vec<u32> {
    let mut ids: Vec<u32> = store
        .get_untracked()
        .cards
        .iter()
        .map(|card| card.id)
        .collect();
    ids.sort_unstable();
    ids
}

/// A storage without transactions whose reads may be stale, as a tab's cached copy of
/// `localStorage` is until another tab's write reaches it: while `stale` holds a text, reads
/// return it, and this tab's own writes replace it.
struct StaleReads {
    disk: Memory,
    /// `Some(None)`: stale at "nothing stored".
    stale: Arc<Mutex<Option<Option<String>>>>,
    /// Other tabs' writes are heard once the copy has caught up, as the `storage` event is.
    held: Arc<Mutex<Option<leptos_state::OnWrite>>>,
}

impl StaleReads {
    /// The copy catches up with the storage, and this tab hears the writes it missed.
    fn catch_up(
        stale: &Mutex<Option<Option<String>>>,
        held: &Mutex<Option<leptos_state::OnWrite>>,
    ) {
        *stale.lock().unwrap() = None;
        if let Some(on_write) = held.lock().unwrap().take() {
            on_write();
        }
    }
}

impl Backend for StaleReads {
    fn describe(&self) -> String {
        "stale reads".into()
    }

    fn read(&self) -> Pending<Result<Option<Value>, StorageError>> {
        match self.stale.lock().unwrap().clone() {
            Some(Some(text)) => Pending::Ready(Ok(Some(serde_json::from_str(&text).unwrap()))),
            Some(None) => Pending::Ready(Ok(None)),
            None => self.disk.read(),
        }
    }

    fn write(&self, record: &Value) -> Pending<Result<(), StorageError>> {
        // The tab's own writes are in its copy.
        if let Some(stale) = self.stale.lock().unwrap().as_mut() {
            *stale = Some(record.to_string());
        }
        self.disk.write(record)
    }

    fn watch(&self, on_write: leptos_state::OnWrite) -> Option<leptos_state::Watch> {
        let (stale, held) = (Arc::clone(&self.stale), Arc::clone(&self.held));
        self.disk.watch(Arc::new(move || {
            if stale.lock().unwrap().is_some() {
                *held.lock().unwrap() = Some(Arc::clone(&on_write));
            } else {
                on_write();
            }
        }))
    }
}

// Web Storage has no transactions, and a tab may read a copy that lacks another tab's latest
// write: its next write then leaves that write's rows out. The other tab used to take that
// as a deletion of its own, acknowledged rows. Measured against the record the writer wrote
// from (its parent), it is only what the writer changed, and the rows it left out are
// written again.
/// Two synced tabs on one board: A reads through a copy that may lag (`stale`), B does not.
struct TwoTabs {
    a: Store<Board>,
    b: Store<Board>,
    disk: Memory,
    stale: Arc<Mutex<Option<Option<String>>>>,
    held: Arc<Mutex<Option<leptos_state::OnWrite>>>,
}

impl TwoTabs {
    /// With `stale` set, A's copy lags from the start.
    fn new(stale: Option<Option<String>>) -> Self {
        let synced = PersistOptions::new().sync_tabs(true);
        let disk = Memory::new("board");
        let stale = Arc::new(Mutex::new(stale));
        let held = Arc::new(Mutex::new(None));
        let a = Store::new(Board::default());
        a.persist(
            StaleReads {
                disk: disk.clone(),
                stale: Arc::clone(&stale),
                held: Arc::clone(&held),
            },
            synced.clone(),
        )
        .unwrap();
        let b = Store::new(Board::default());
        b.persist(disk.another_tab(), synced).unwrap();
        TwoTabs {
            a,
            b,
            disk,
            stale,
            held,
        }
    }

    /// A's copy stops following B's writes.
    fn lag(&self) {
        *self.stale.lock().unwrap() = Some(self.disk.raw());
    }

    fn catch_up(&self) {
        StaleReads::catch_up(&self.stale, &self.held);
    }

    fn stored_cards(&self) -> usize {
        stored(&self.disk)["state"]["cards"]
            .as_array()
            .unwrap()
            .len()
    }
}

#[test]
fn a_write_from_an_older_record_does_not_delete_what_it_never_saw() {
    let _owner = owner();
    let tabs = TwoTabs::new(None);
    let (a, b) = (tabs.a, tabs.b);
    a.cards().push(Card { id: 1 }).unwrap();
    assert_eq!(b.cards().len_untracked(), 1);
    tabs.lag();
    b.cards().push(Card { id: 2 }).unwrap();
    a.cards().push(Card { id: 3 }).unwrap();
    // A wrote [1, 3] over B's [1, 2]. B keeps its 2, takes A's 3, and writes them all.
    assert_eq!(ids(b), [1, 2, 3]);
    tabs.catch_up();
    assert_eq!(ids(a), [1, 2, 3], "A hears B's write, from A's own record");
    assert_eq!(tabs.stored_cards(), 3);
}

// The same race on an empty storage: both tabs write their first record from nothing stored.
#[test]
fn two_first_writes_from_nothing_stored_keep_both() {
    let _owner = owner();
    let tabs = TwoTabs::new(Some(None));
    let (a, b) = (tabs.a, tabs.b);
    b.cards().push(Card { id: 2 }).unwrap();
    a.cards().push(Card { id: 1 }).unwrap();
    assert_eq!(ids(b), [1, 2]);
    tabs.catch_up();
    assert_eq!(ids(a), [1, 2]);
    assert_eq!(tabs.stored_cards(), 2);
}
