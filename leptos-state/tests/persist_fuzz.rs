//! Fuzzing what persistence loads: the stored text, the record decoder, the migration chain
//! and the state's own deserialization, through a store and a machine persisted to `Memory`.
//!
//! The property, for any stored text: loading never panics, and either the state loads, or
//! the store keeps its state, the error refuses the stored value, and the text is still
//! there, byte for byte, after a change. A version-3 record whose state deserializes loads
//! exactly that state; one whose state does not is refused.
//!
//! Inputs: every file of `tests/persist-corpus/` first, then, for a bounded time, random
//! texts, records built near the state's shape (versions of every kind, values replaced at
//! random places), and corpus files mutated character by character. The time is
//! `LEPTOS_STATE_FUZZ_SECONDS` (default 10); `scripts/fuzz` runs it longer. A failing input
//! is printed: add it to the corpus once fixed.
#![cfg(not(target_arch = "wasm32"))]
#![allow(
    clippy::print_stdout,
    reason = "the fuzz run prints how many inputs it tried"
)]

#[path = "util/effects.rs"]
mod effects;

use effects::owner;
use leptos::prelude::*;
use leptos_state::{Actor, Machine, Memory, PersistError, PersistOptions, State, Store};
use proptest::{
    prelude::*,
    test_runner::{Config, TestCaseError, TestRunner},
};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use std::{
    collections::BTreeMap,
    path::PathBuf,
    time::{Duration, Instant},
};

#[derive(State, Clone, Debug, PartialEq, Serialize, Deserialize)]
struct Library {
    name: String,
    #[state(key = |shelf| shelf.id)]
    shelves: Vec<Shelf>,
    rating: Option<u8>,
    tags: BTreeMap<String, i32>,
}

#[derive(State, Clone, Debug, PartialEq, Serialize, Deserialize)]
struct Shelf {
    id: u32,
    books: Vec<String>,
    kind: Kind,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
enum Kind {
    Paper,
    Loaned { to: String },
}

fn initial() -> Library {
    Library {
        name: "this tab".into(),
        shelves: vec![Shelf {
            id: 9,
            books: vec!["mine".into()],
            kind: Kind::Paper,
        }],
        rating: Some(1),
        tags: BTreeMap::new(),
    }
}

/// Version 3: version 1 named the library `title`, version 2 had no `tags`. The migration
/// from 1 refuses a state that is not an object, and panics on the title `panic`, as a
/// careless migration would.
fn options() -> PersistOptions {
    PersistOptions::new()
        .version(3)
        .migrate(1, |mut state: Value| {
            let object = state.as_object_mut().ok_or("version 1 is an object")?;
            let title = object.remove("title").unwrap_or(Value::Null);
            if title == "panic" {
                panic!("{CARELESS}");
            }
            object.insert("name".into(), title);
            Ok(state)
        })
        .migrate(2, |mut state: Value| {
            let object = state.as_object_mut().ok_or("version 2 is an object")?;
            match object.get("tags") {
                None => {
                    object.insert("tags".into(), json!({}));
                }
                Some(Value::Object(_)) => {}
                Some(_) => return Err("`tags` is not an object".into()),
            }
            Ok(state)
        })
}

/// The panic of the careless migration.
const CARELESS: &str = "a careless migration";

/// Keeps the expected panics of the careless migration out of the test's output; every
/// other panic is printed as usual.
fn quiet_careless_migrations() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let print = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            let payload = info.payload();
            let text = payload
                .downcast_ref::<String>()
                .map(String::as_str)
                .or_else(|| payload.downcast_ref::<&str>().copied());
            if text != Some(CARELESS) {
                print(info);
            }
        }));
    });
}

/// What a version-3 text must load as: `Some(Ok(state))` if its state deserializes,
/// `Some(Err(()))` if it does not, `None` for any other text.
fn loads_as(text: &str) -> Option<Result<Library, ()>> {
    let Ok(Value::Object(mut record)) = serde_json::from_str::<Value>(text) else {
        return None;
    };
    if record.get("version")?.as_u64()? != 3 {
        return None;
    }
    let state = record.remove("state")?;
    Some(serde_json::from_value(state).map_err(|_| ()))
}

/// Loads `text` into a store and a machine, and checks the property. Returns whether the
/// store loaded it.
fn check(text: &str) -> Result<bool, TestCaseError> {
    quiet_careless_migrations();
    let _owner = owner();
    let loaded = check_store(text)?;
    check_machine(text)?;
    Ok(loaded)
}

fn check_store(text: &str) -> Result<bool, TestCaseError> {
    let disk = Memory::new("library");
    disk.set_raw(text);
    let store = Store::new(initial());
    let persist = store
        .persist(disk.clone(), options())
        .map_err(|error| TestCaseError::fail(format!("the options are valid: {error}")))?;
    prop_assert!(persist.hydrated_untracked());
    match (persist.error_untracked(), loads_as(text)) {
        (None, Some(Err(()))) => Err(TestCaseError::fail(
            "a version-3 state that does not deserialize was loaded",
        )),
        (None, expected) => {
            if let Some(Ok(expected)) = expected {
                prop_assert_eq!(store.get_untracked(), expected);
            }
            // What was loaded is written back as a record that loads again.
            store.name().set("changed".into());
            persist.flush();
            let written = disk.raw().unwrap_or_default();
            prop_assert_eq!(
                loads_as(&written).and_then(Result::ok),
                Some(store.get_untracked()),
                "the written record loads as the state: {}",
                written
            );
            Ok(true)
        }
        (Some(error), expected) => {
            prop_assert!(error.rejects_stored(), "unexpected error: {}", error);
            prop_assert!(
                !matches!(expected, Some(Ok(_))),
                "a loadable version-3 record was refused: {}",
                error
            );
            prop_assert!(persist.rejected_untracked());
            prop_assert_eq!(store.get_untracked(), initial());
            store.name().set("changed".into());
            persist.flush();
            prop_assert_eq!(store.name().get_untracked(), "changed");
            let kept = disk.raw();
            prop_assert_eq!(kept.as_deref(), Some(text), "the text is kept");
            prop_assert_eq!(disk.writes(), 0);
            Ok(false)
        }
    }
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
        .expect("a valid machine")
}

fn check_machine(text: &str) -> Result<(), TestCaseError> {
    let disk = Memory::new("light");
    disk.set_raw(text);
    let light = Actor::new(traffic_light());
    let persist = light
        .persist(disk.clone(), PersistOptions::new())
        .map_err(|error| TestCaseError::fail(error.to_string()))?;
    match persist.error_untracked() {
        None => {
            // Whatever was loaded is a state of the chart, and the machine runs on.
            prop_assert_eq!(untrack(|| light.state()).len(), 1);
            light.send(Next);
            persist.flush();
            prop_assert!(disk.raw().is_some());
        }
        Some(error) => {
            prop_assert!(error.rejects_stored(), "unexpected error: {}", error);
            prop_assert_eq!(untrack(|| light.state()), [Light::Green]);
            light.send(Next);
            persist.flush();
            prop_assert_eq!(untrack(|| light.state()), [Light::Yellow]);
            let kept = disk.raw();
            prop_assert_eq!(kept.as_deref(), Some(text), "the text is kept");
        }
    }
    Ok(())
}

fn corpus() -> Vec<(String, String)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/persist-corpus");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|err| panic!("the corpus {}: {err}", dir.display()))
        .map(|entry| entry.expect("a corpus entry").path())
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|path| {
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            let text = std::fs::read_to_string(&path)
                .unwrap_or_else(|err| panic!("{}: {err}", path.display()));
            (name, text)
        })
        .collect()
}

#[test]
fn every_corpus_text_loads_or_is_kept() {
    let corpus = corpus();
    assert!(corpus.len() >= 30, "the corpus is in the repository");
    for (name, text) in &corpus {
        if let Err(failure) = check(text) {
            panic!("corpus file {name}: {failure}");
        }
    }
}

/// Any JSON, nested a few levels.
fn any_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>().prop_map(|n| json!(n)),
        (0_u32..300).prop_map(Value::from),
        "\\PC{0,12}".prop_map(Value::from),
        Just(json!("Paper")),
        Just(json!("panic")),
    ];
    leaf.prop_recursive(4, 32, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::from),
            prop::collection::btree_map(
                prop_oneof![
                    "[a-z]{1,6}",
                    Just("name".to_owned()),
                    Just("title".to_owned()),
                    Just("shelves".to_owned()),
                    Just("tags".to_owned()),
                    Just("id".to_owned()),
                    Just("books".to_owned()),
                    Just("kind".to_owned()),
                ],
                inner,
                0..6
            )
            .prop_map(|map| Value::Object(map.into_iter().collect())),
        ]
    })
}

/// A valid state of some version, as JSON.
fn a_state() -> impl Strategy<Value = Value> {
    let shelf = (
        0_u32..4,
        prop::collection::vec("\\PC{0,8}", 0..3),
        prop_oneof![
            Just(json!("Paper")),
            "\\PC{0,6}".prop_map(|to| json!({ "Loaned": { "to": to } })),
        ],
    )
        .prop_map(|(id, books, kind)| json!({ "id": id, "books": books, "kind": kind }));
    (
        "\\PC{0,10}",
        prop::collection::vec(shelf, 0..4),
        prop::option::of(any::<u8>()),
        prop::collection::btree_map("[a-z]{1,4}", any::<i32>(), 0..3),
    )
        .prop_map(|(name, shelves, rating, tags)| {
            json!({ "name": name, "shelves": shelves, "rating": rating, "tags": tags })
        })
}

/// A record near the state's shape: any version, a valid state (of any version's form),
/// with a value replaced at a random place, or a field removed.
fn a_record() -> impl Strategy<Value = String> {
    let odd_versions = vec![
        json!(1_u64 << 32),
        json!(u64::MAX),
        json!(-1),
        json!(2.5),
        json!(3.0),
        json!(1e300),
        json!("3"),
        Value::Null,
    ];
    let version = prop_oneof![
        6 => (1_u64..4).prop_map(Value::from),
        1 => (0_u64..6).prop_map(Value::from),
        2 => prop::sample::select(odd_versions),
    ];
    (
        version,
        a_state(),
        prop::option::weighted(0.4, (any::<prop::sample::Index>(), any_json())),
        any::<bool>(),
        prop::option::weighted(0.2, any::<prop::sample::Index>()),
    )
        .prop_map(|(version, mut state, replace, as_v1, remove)| {
            if as_v1 {
                let name = state["name"].take();
                state.as_object_mut().unwrap().remove("name");
                state["title"] = name;
            }
            if let Some((at, value)) = replace {
                let places = places(&state);
                *state.pointer_mut(&places[at.index(places.len())]).unwrap() = value;
            }
            let mut record = json!({ "version": version, "state": state });
            if let Some(at) = remove {
                let places = places(&record);
                let place = &places[at.index(places.len())];
                if let Some((parent, key)) = place.rsplit_once('/')
                    && let Some(Value::Object(object)) = record.pointer_mut(parent)
                {
                    object.remove(key);
                }
            }
            record.to_string()
        })
}

/// The JSON pointers of every value in `value`, itself included.
fn places(value: &Value) -> Vec<String> {
    let mut found = vec![String::new()];
    let mut at = 0;
    while at < found.len() {
        let place = found[at].clone();
        match value.pointer(&place) {
            Some(Value::Object(object)) => {
                found.extend(object.keys().map(|key| format!("{place}/{key}")));
            }
            Some(Value::Array(items)) => {
                found.extend((0..items.len()).map(|index| format!("{place}/{index}")));
            }
            _ => {}
        }
        at += 1;
    }
    found
}

/// A corpus text with up to eight characters inserted, removed or replaced.
fn a_mutated_corpus_text(corpus: Vec<String>) -> impl Strategy<Value = String> {
    let mutation = (
        any::<prop::sample::Index>(),
        0_u8..3,
        prop_oneof![
            any::<char>(),
            prop::sample::select(vec!['{', '}', '[', ']', '"', ',', ':', '\\', '0', '9', '-']),
        ],
    );
    (
        prop::sample::select(corpus),
        prop::collection::vec(mutation, 1..8),
    )
        .prop_map(|(text, mutations)| {
            let mut chars: Vec<char> = text.chars().collect();
            for (at, kind, with) in mutations {
                let at = at.index(chars.len() + 1);
                match kind {
                    0 => chars.insert(at, with),
                    1 if at < chars.len() => {
                        chars.remove(at);
                    }
                    _ if at < chars.len() => chars[at] = with,
                    _ => chars.push(with),
                }
            }
            chars.into_iter().collect()
        })
}

#[test]
fn random_texts_and_records_load_or_are_kept() {
    let seconds = std::env::var("LEPTOS_STATE_FUZZ_SECONDS")
        .ok()
        .and_then(|seconds| seconds.parse().ok())
        .unwrap_or(10);
    let budget = Duration::from_secs(seconds);
    let corpus: Vec<String> = corpus()
        .into_iter()
        .map(|(_, text)| text)
        .filter(|text| text.len() < 10_000)
        .collect();
    let inputs = prop_oneof![
        1 => "\\PC{0,40}",
        1 => any::<String>(),
        4 => a_record(),
        4 => a_mutated_corpus_text(corpus),
    ];
    let start = Instant::now();
    let cases = std::cell::Cell::new(0_u64);
    let loaded = std::cell::Cell::new(0_u64);
    while start.elapsed() < budget {
        let mut runner = TestRunner::new(Config {
            cases: 256,
            failure_persistence: None,
            ..Config::default()
        });
        let outcome = runner.run(&inputs, |text| {
            cases.set(cases.get() + 1);
            if check(&text)? {
                loaded.set(loaded.get() + 1);
            }
            Ok(())
        });
        if let Err(failure) = outcome {
            panic!(
                "{failure}\n(add the failing text to leptos-state/tests/persist-corpus once fixed)"
            );
        }
    }
    println!(
        "persist fuzz: {} inputs in {:.1} s ({} loaded, the rest kept), none panicked, \
         each loaded or kept",
        cases.get(),
        start.elapsed().as_secs_f64(),
        loaded.get()
    );
}

// The errors the fuzzer meets are the documented ones.
#[test]
fn the_kinds_of_refusal_are_the_documented_ones() {
    let _owner = owner();
    let cases = [
        ("{", "Unreadable"),
        (r#"{"version":4,"state":{}}"#, "NewerVersion"),
        (r#"{"version":0,"state":{}}"#, "NoMigration"),
        (r#"{"version":1,"state":[]}"#, "Migration"),
        (
            r#"{"version":1,"state":{"title":"panic","shelves":[],"rating":null}}"#,
            "Migration",
        ),
    ];
    for (text, kind) in cases {
        let disk = Memory::new("library");
        disk.set_raw(text);
        let store = Store::new(initial());
        let persist = store.persist(disk, options()).unwrap();
        let error = persist.error_untracked().expect("an error");
        let found = match error {
            PersistError::Unreadable { .. } => "Unreadable",
            PersistError::NewerVersion { .. } => "NewerVersion",
            PersistError::NoMigration { .. } => "NoMigration",
            PersistError::Migration { .. } => "Migration",
            _ => "another",
        };
        assert_eq!(found, kind, "{text}: {error}");
    }
}
