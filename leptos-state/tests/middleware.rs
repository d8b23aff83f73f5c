//! The middleware pipeline: refusal before a change, observation after it, on every write
//! path; and the two middlewares that ship with the crate.

#[path = "util/effects.rs"]
mod effects;

use effects::{count_runs, flush, owner};
use leptos::prelude::*;
use leptos_state::{
    ArcStore, Change, Logger, Middleware, Origin, Path, Refusal, Store, StoreError, Validate,
};
use std::sync::{
    Arc, Mutex,
    atomic::{AtomicUsize, Ordering},
};

type Journal = Arc<Mutex<Vec<String>>>;

/// Writes what it sees into a journal; refuses actions whose name starts with its `refuse`
/// prefix.
struct Recorder {
    name: &'static str,
    journal: Journal,
    refuse: Option<&'static str>,
}

impl Middleware<i32> for Recorder {
    fn name(&self) -> &str {
        self.name
    }

    fn before(&self, change: &Change<'_>, next: &i32) -> Result<(), Refusal> {
        let mut journal = self.journal.lock().unwrap();
        journal.push(format!(
            "{} before {} -> {next}",
            self.name,
            change.action()
        ));
        match self.refuse {
            Some(prefix) if change.action().starts_with(prefix) => {
                Err(Refusal::new(format!("no {prefix} here")))
            }
            _ => Ok(()),
        }
    }

    fn after(&self, change: &Change<'_>, state: &i32) {
        let mut journal = self.journal.lock().unwrap();
        journal.push(format!("{} after {} = {state}", self.name, change.action()));
    }
}

fn recorder(name: &'static str, journal: &Journal, refuse: Option<&'static str>) -> Recorder {
    Recorder {
        name,
        journal: journal.clone(),
        refuse,
    }
}

fn take(journal: &Journal) -> Vec<String> {
    std::mem::take(&mut *journal.lock().unwrap())
}

#[test]
fn hooks_run_in_attach_order_before_then_after() {
    let _owner = owner();
    let journal = Journal::default();
    let store = Store::new(0);
    store
        .attach(recorder("a", &journal, None))
        .attach(recorder("b", &journal, None));

    store.update("add", |n| *n += 2).unwrap();
    assert_eq!(
        take(&journal),
        [
            "a before add -> 2",
            "b before add -> 2",
            "a after add = 2",
            "b after add = 2"
        ]
    );
}

#[test]
fn every_write_path_goes_through_middleware() {
    let _owner = owner();
    let journal = Journal::default();
    let store = Store::new(1);
    store.attach(recorder("m", &journal, None));

    store.update("update", |n| *n = 2).unwrap();
    store.set("set", 3).unwrap();
    store.transaction("transaction", |tx| tx.set(4)).unwrap();
    store.reset().unwrap();
    assert_eq!(
        take(&journal),
        [
            "m before update -> 2",
            "m after update = 2",
            "m before set -> 3",
            "m after set = 3",
            "m before transaction -> 4",
            "m after transaction = 4",
            "m before reset -> 1",
            "m after reset = 1",
        ]
    );
}

#[test]
fn a_refusal_on_any_write_path_leaves_the_state_and_its_readers_alone() {
    let _owner = owner();
    let journal = Journal::default();
    let store = Store::new_named("counter", 7);
    store
        .attach(recorder("first", &journal, None))
        .attach(recorder("guard", &journal, Some("bad")));
    let runs = count_runs(move || store.track());
    let heard = Journal::default();
    let listener = heard.clone();
    let _subscription =
        store.subscribe(move |change| listener.lock().unwrap().push(change.action().into()));

    let refused = [
        store.update("bad update", |n| *n = 0),
        store.set("bad set", 0),
        store.transaction("bad transaction", |tx| {
            tx.set(1);
            tx.update(|n| *n += 1);
        }),
        store.transaction("bad reset", |tx| tx.reset()),
    ];
    for result in refused {
        let err = result.unwrap_err();
        let StoreError::Refused {
            store: name,
            middleware,
            reason,
            ..
        } = &err
        else {
            panic!("expected a refusal, got {err:?}");
        };
        assert_eq!(name, "counter");
        assert_eq!(middleware, "guard");
        assert_eq!(reason, "no bad here");
    }
    flush();
    assert_eq!(store.get_untracked(), 7);
    assert_eq!(runs.get(), 1, "no reader re-ran");
    assert!(
        heard.lock().unwrap().is_empty(),
        "no subscriber heard of it"
    );
    assert!(
        take(&journal).iter().all(|line| !line.contains("after")),
        "no after hook ran for a refused change"
    );

    // A refused change reached the later middleware only up to the refusal.
    store.set("good", 8).unwrap();
    assert_eq!(
        take(&journal),
        [
            "first before good -> 8",
            "guard before good -> 8",
            "first after good = 8",
            "guard after good = 8"
        ]
    );
}

#[test]
fn reset_can_be_refused() {
    let _owner = owner();
    let store = Store::new(0);
    store.set("load", 5).unwrap();
    store.attach(Validate::new(|n: &i32| {
        if *n != 0 {
            Ok(())
        } else {
            Err("zero is not allowed")
        }
    }));
    let err = store.reset().unwrap_err();
    assert!(
        err.to_string()
            .ends_with("refused action \"reset\": validate says: zero is not allowed")
    );
    assert_eq!(store.get_untracked(), 5);
}

#[test]
fn after_hooks_see_the_action_origin_touched_paths_and_location() {
    type Seen = (String, String, Origin, Vec<Path>, u32);
    struct Capture(Arc<Mutex<Vec<Seen>>>);
    impl Middleware<i32> for Capture {
        fn name(&self) -> &str {
            "capture"
        }
        fn after(&self, change: &Change<'_>, _state: &i32) {
            self.0.lock().unwrap().push((
                change.store().to_string(),
                change.action().to_string(),
                change.origin(),
                change.touched().to_vec(),
                change.location().line(),
            ));
        }
    }

    let _owner = owner();
    let seen = Arc::new(Mutex::new(Vec::new()));
    let store = Store::new_named("clicks", 0);
    store.attach(Capture(seen.clone()));
    let line = line!() + 1;
    store.update("click", |n| *n += 1).unwrap();
    assert_eq!(
        *seen.lock().unwrap(),
        [(
            "clicks".to_string(),
            "click".to_string(),
            Origin::User,
            vec![Path::ROOT],
            line
        )]
    );
}

#[test]
fn validate_refuses_invalid_results_and_accepts_valid_ones() {
    let _owner = owner();
    let store = Store::new_named("stock", 2);
    store.attach(
        Validate::new(|n: &i32| {
            if *n >= 0 {
                Ok(())
            } else {
                Err(format!("{n} is below zero"))
            }
        })
        .with_name("non-negative"),
    );
    assert_eq!(
        store.update("sell 3", |n| *n -= 3),
        Err(StoreError::Refused {
            store: "stock".into(),
            action: "sell 3".into(),
            middleware: "non-negative".into(),
            reason: "-1 is below zero".into(),
        })
    );
    assert_eq!(store.get_untracked(), 2);
    store.update("sell 2", |n| *n -= 2).unwrap();
    assert_eq!(store.get_untracked(), 0);
}

#[test]
fn a_write_from_a_middleware_hook_is_refused_as_reentrant() {
    struct Echo {
        store: Store<i32>,
        result: Arc<Mutex<Option<Result<(), StoreError>>>>,
    }
    impl Middleware<i32> for Echo {
        fn name(&self) -> &str {
            "echo"
        }
        fn after(&self, _change: &Change<'_>, _state: &i32) {
            *self.result.lock().unwrap() = Some(self.store.set("echo", 0));
        }
    }

    let _owner = owner();
    let store = Store::new_named("loud", 0);
    let result = Arc::new(Mutex::new(None));
    store.attach(Echo {
        store,
        result: result.clone(),
    });
    store.set("shout", 1).unwrap();
    assert!(matches!(
        result.lock().unwrap().take(),
        Some(Err(StoreError::Reentrant { .. }))
    ));
    assert_eq!(store.get_untracked(), 1);
}

#[test]
fn middleware_is_dropped_with_the_store() {
    let _root = owner();
    let journal = Journal::default();
    let component = Owner::new();
    component.with(|| {
        let store = Store::new(0);
        store.attach(recorder("m", &journal, None));
    });
    assert_eq!(Arc::strong_count(&journal), 2);
    component.cleanup();
    assert_eq!(Arc::strong_count(&journal), 1);
}

mod logger {
    use super::*;
    use log::{Level, Log, Metadata, Record};
    use std::sync::OnceLock;

    struct Capture(Mutex<Vec<(Level, String, String)>>);

    impl Log for Capture {
        fn enabled(&self, _metadata: &Metadata<'_>) -> bool {
            true
        }
        fn log(&self, record: &Record<'_>) {
            self.0.lock().unwrap().push((
                record.level(),
                record.target().to_string(),
                record.args().to_string(),
            ));
        }
        fn flush(&self) {}
    }

    fn captured() -> &'static Capture {
        static CAPTURE: OnceLock<&'static Capture> = OnceLock::new();
        CAPTURE.get_or_init(|| {
            let capture: &'static Capture = Box::leak(Box::new(Capture(Mutex::new(Vec::new()))));
            log::set_logger(capture).expect("no other logger in this test binary");
            log::set_max_level(log::LevelFilter::Info);
            capture
        })
    }

    #[test]
    fn logger_writes_each_accepted_change_to_the_log_facade() {
        let capture = captured();
        let _owner = owner();
        let store = Store::new_named("logged counter", 0);
        store
            .attach(Validate::new(
                |n: &i32| if *n < 2 { Ok(()) } else { Err("too big") },
            ))
            .attach(Logger::new());

        let line = line!() + 1;
        store.update("increment", |n| *n += 1).unwrap();
        store.update("jump", |n| *n += 5).unwrap_err();

        let lines: Vec<_> = capture
            .0
            .lock()
            .unwrap()
            .iter()
            .filter(|(_, _, message)| message.starts_with("logged counter:"))
            .cloned()
            .collect();
        assert_eq!(
            lines,
            [(
                Level::Info,
                "leptos_state".to_string(),
                format!(
                    "logged counter: \"increment\" (user, touched (root)) at {}:{line}:15 => 1",
                    file!()
                )
            )]
        );
    }

    #[derive(leptos_state::State, Clone, PartialEq, serde::Serialize)]
    struct Session {
        user: String,
        #[state(redact)]
        token: String,
        devices: Vec<Device>,
    }

    #[derive(leptos_state::State, Clone, PartialEq, serde::Serialize)]
    struct Device {
        name: String,
        #[state(redact)]
        push_key: String,
    }

    #[test]
    fn logger_prints_redacted_fields_at_any_depth_as_redacted() {
        let capture = captured();
        let _owner = owner();
        let store = Store::new_named(
            "logged session",
            Session {
                user: String::new(),
                token: String::new(),
                devices: Vec::new(),
            },
        );
        store.attach(Logger::new());
        store
            .update("sign in", |s| {
                s.user = "ada".into();
                s.token = "secret-token".into();
                s.devices.push(Device {
                    name: "phone".into(),
                    push_key: "secret-key".into(),
                });
            })
            .unwrap();

        let lines: Vec<_> = capture
            .0
            .lock()
            .unwrap()
            .iter()
            .map(|(_, _, message)| message.clone())
            .filter(|message| message.starts_with("logged session:"))
            .collect();
        assert_eq!(lines.len(), 1);
        assert!(
            lines[0].ends_with(
                r#"=> {"devices":[{"name":"phone","push_key":"[redacted]"}],"token":"[redacted]","user":"ada"}"#
            ),
            "{}",
            lines[0]
        );
    }
}

/// A state that counts how many times it is cloned.
#[derive(Debug)]
struct Counted {
    value: i32,
    clones: Arc<AtomicUsize>,
}

impl Clone for Counted {
    fn clone(&self) -> Self {
        self.clones.fetch_add(1, Ordering::Relaxed);
        Counted {
            value: self.value,
            clones: self.clones.clone(),
        }
    }
}

/// Only watches: it says so, so the store keeps nothing for it.
struct Watching(Arc<AtomicUsize>);

impl<S> Middleware<S> for Watching {
    fn name(&self) -> &str {
        "watching"
    }

    fn after(&self, _: &Change<'_>, _: &S) {
        self.0.fetch_add(1, Ordering::Relaxed);
    }

    fn may_refuse(&self) -> bool {
        false
    }
}

// Creating a store copies nothing; the first change copies the initial state for `reset`;
// a middleware that only watches adds no copy, one that may refuse copies the state an
// `update` could change.
#[test]
fn the_store_copies_its_state_only_for_reset_and_for_middleware_that_may_refuse() {
    let clones = Arc::new(AtomicUsize::new(0));
    let count = || clones.load(Ordering::Relaxed);
    let store = ArcStore::new(Counted {
        value: 0,
        clones: clones.clone(),
    });
    assert_eq!(count(), 0, "creating a store copies nothing");

    let seen = Arc::new(AtomicUsize::new(0));
    store.attach(Watching(seen.clone()));
    store.update("one", |s| s.value = 1).unwrap();
    assert_eq!(count(), 1, "the first change keeps the initial state");
    store.update("two", |s| s.value = 2).unwrap();
    assert_eq!(count(), 1, "a watching middleware costs no copy");
    assert_eq!(seen.load(Ordering::Relaxed), 2, "and it saw both changes");

    store.reset().unwrap();
    assert_eq!(store.with_untracked(|s| s.value), 0);

    store.attach(Validate::new(|s: &Counted| {
        if s.value < 10 { Ok(()) } else { Err("too big") }
    }));
    let before = count();
    store.update("three", |s| s.value = 3).unwrap();
    assert_eq!(
        count(),
        before + 1,
        "a validator needs the state to put back"
    );
    assert!(store.update("big", |s| s.value = 99).is_err());
    assert_eq!(store.with_untracked(|s| s.value), 3);
}

/// Says it never refuses, and refuses anyway.
struct Inconsistent;

impl<S> Middleware<S> for Inconsistent {
    fn name(&self) -> &str {
        "inconsistent"
    }

    fn before(&self, _: &Change<'_>, _: &S) -> Result<(), Refusal> {
        Err(Refusal::new("no"))
    }

    fn may_refuse(&self) -> bool {
        false
    }
}

// Nothing was kept to put back, so the change stands rather than leave the store half
// changed behind an error.
#[test]
fn a_refusal_from_a_middleware_that_says_it_never_refuses_is_not_honoured() {
    let store = ArcStore::new(1);
    store.attach(Inconsistent);
    store.update("double", |n| *n *= 2).unwrap();
    assert_eq!(store.get_untracked(), 2);
}
