//! The devtools registry (feature `devtools`): the action log, redaction, time travel, import
//! and export, and what an inspected store costs while nothing watches.
#![cfg(feature = "devtools")]

use leptos::prelude::*;
use leptos_state::{
    ArcStore, History, HistoryOptions, Origin, State, Store, StoreError, Validate,
    devtools::{self, DevtoolsError, DiffKind, Inspector, LOG_LIMIT, REDACTED, STATE_LIMIT},
};
use serde::{Deserialize, Serialize};
use std::sync::{
    Arc, Mutex, MutexGuard,
    atomic::{AtomicUsize, Ordering},
};

/// Watching is global: tests that depend on whether something watches take this lock.
fn serial() -> MutexGuard<'static, ()> {
    static LOCK: Mutex<()> = Mutex::new(());
    LOCK.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

#[derive(State, Clone, PartialEq, Debug, Default, Serialize, Deserialize)]
struct Account {
    user: String,
    #[state(redact)]
    token: String,
    visits: u32,
}

fn inspector(name: &str) -> Inspector {
    devtools::live_stores_untracked()
        .into_iter()
        .find(|store| store.name == name)
        .and_then(|store| store.inspector)
        .expect("the store is inspected")
}

fn account(name: &'static str) -> (ArcStore<Account>, Inspector) {
    let store = ArcStore::new_named(name, Account::default());
    store.inspect();
    (store, inspector(name))
}

#[test]
fn the_log_names_each_change_with_its_origin_time_and_path() {
    let _serial = serial();
    let (store, inspector) = account("log");
    store.visits().set(1);
    assert!(
        inspector.log_untracked().is_empty(),
        "nothing watches: nothing is logged"
    );
    let watching = devtools::watch();
    let before = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_millis() as f64;
    store.user().set("ada".into());
    store.update("visit", |a| a.visits += 1).unwrap();
    let log = inspector.log_untracked();
    assert_eq!(log.len(), 2);
    assert_eq!((log[0].seq(), log[1].seq()), (1, 2));
    assert_eq!(log[0].action(), "user");
    assert_eq!(log[0].touched().to_string(), "user");
    assert_eq!(log[1].action(), "visit");
    assert!(log[1].touched().is_root());
    assert!(log.iter().all(|e| e.origin() == Origin::User));
    assert!(log[0].time_ms() >= before - 1.0 && log[1].time_ms() >= log[0].time_ms());
    assert!(log.iter().all(|e| e.has_state()));
    drop(watching);
    store.visits().set(3);
    assert_eq!(inspector.log_untracked().len(), 2);
}

#[test]
fn the_log_is_reactive() {
    let _serial = serial();
    let owner = Owner::new();
    owner.set();
    let (store, inspector) = account("reactive log");
    let _watching = devtools::watch();
    let watched = inspector.clone();
    let count = Memo::new(move |_| watched.log().len());
    assert_eq!(count.get_untracked(), 0);
    store.visits().set(1);
    assert_eq!(count.get_untracked(), 1);
}

#[test]
fn while_watched_each_entry_keeps_its_state_and_a_redacted_diff() {
    let _serial = serial();
    let (store, inspector) = account("diffs");
    store.user().set("before watching".into());
    let watching = devtools::watch();
    store.user().set("ada".into());
    store.token().set("s3cret".into());
    store.visits().set(7);
    drop(watching);
    store.visits().set(8);

    let log = inspector.log_untracked();
    let actions: Vec<&str> = log.iter().map(|e| e.action()).collect();
    assert_eq!(actions, ["user", "token", "visits"]);

    let diff = inspector.diff(1).unwrap();
    assert_eq!(diff.len(), 1);
    assert_eq!(diff[0].kind, DiffKind::Replace);
    assert_eq!(diff[0].path, "/user");
    assert_eq!(diff[0].old, Some("before watching".into()));
    assert_eq!(diff[0].new, Some("ada".into()));
    // The token's change shows no value on either side.
    assert!(inspector.diff(2).unwrap().is_empty());
    assert_eq!(inspector.diff(3).unwrap()[0].new, Some(7.into()));

    let then = inspector.state_at(2).unwrap();
    assert_eq!(then["user"], "ada");
    assert_eq!(then["token"], REDACTED);
    assert_eq!(then["visits"], 0);
    let now = inspector.state().unwrap();
    assert_eq!(now["visits"], 8);
    assert_eq!(now["token"], REDACTED);

    let export = inspector.export().unwrap();
    assert!(!export.contains("s3cret"), "{export}");
    let export: serde_json::Value = serde_json::from_str(&export).unwrap();
    assert_eq!(export["format"], devtools::EXPORT_FORMAT);
    assert_eq!(export["store"], "diffs");
    assert_eq!(export["state"]["visits"], 8);
    assert_eq!(export["log"].as_array().unwrap().len(), 3);
    assert_eq!(export["log"][0]["diff"][0]["path"], "/user");
    assert_eq!(export["log"][0]["origin"], "user");
}

#[test]
fn jumping_puts_back_a_logged_state_as_a_devtools_change_that_undo_leaves_alone() {
    let _serial = serial();
    let owner = Owner::new();
    owner.set();
    let store = Store::new_named("jump", Account::default());
    store.inspect();
    let inspector = inspector("jump");
    let history = History::attach(store, HistoryOptions::new());
    let origins = Arc::new(Mutex::new(Vec::new()));
    let seen = origins.clone();
    let _subscription = store.subscribe(move |change| {
        seen.lock()
            .unwrap()
            .push((change.action().to_owned(), change.origin()))
    });
    let watching = devtools::watch();
    store.token().set("first".into());
    store.visits().set(1);
    store.visits().set(2);
    store.token().set("second".into());

    inspector.jump(2).unwrap();
    assert_eq!(store.visits().get_untracked(), 1);
    // The token comes back too: a jump restores the whole state as it was.
    assert_eq!(store.token().get_untracked(), "first");
    assert_eq!(
        origins.lock().unwrap().last().unwrap(),
        &("devtools: jump to #2".to_owned(), Origin::Devtools)
    );
    let log = inspector.log_untracked();
    assert_eq!(log.last().unwrap().origin(), Origin::Devtools);

    // The jump is not the application's change: undo never takes it back, and the steps
    // that would overwrite what it put back are gone.
    assert!(!history.can_undo());
    history.undo().unwrap();
    assert_eq!(store.visits().get_untracked(), 1);
    assert_eq!(store.token().get_untracked(), "first");
    drop(watching);
}

#[test]
fn import_checks_the_text_against_the_state_type_and_changes_nothing_on_a_mismatch() {
    let _serial = serial();
    let (store, inspector) = account("import");
    let _watching = devtools::watch();
    store
        .update("log in", |a| {
            a.user = "ada".into();
            a.token = "kept".into();
        })
        .unwrap();
    let entries = inspector.log_untracked().len();
    let unchanged = |store: &ArcStore<Account>| {
        assert_eq!(
            store.get_untracked(),
            Account {
                user: "ada".into(),
                token: "kept".into(),
                visits: 0
            }
        );
        assert_eq!(inspector.log_untracked().len(), entries);
    };

    let err = inspector.import("{ not json").unwrap_err();
    assert!(matches!(err, DevtoolsError::Import { .. }));
    assert!(err.to_string().contains("line 1"), "{err}");
    unchanged(&store);

    let err = inspector
        .import(r#"{"user": "bob", "visits": "many"}"#)
        .unwrap_err();
    assert!(
        err.to_string().contains("the import is not a valid"),
        "{err}"
    );
    assert!(err.to_string().contains("invalid type"), "{err}");
    unchanged(&store);

    let err = inspector.import(r#"{"user": "bob"}"#).unwrap_err();
    assert!(err.to_string().contains("missing field `visits`"), "{err}");
    unchanged(&store);

    let err = inspector.import("[1, 2]").unwrap_err();
    assert!(err.to_string().contains("expected an object"), "{err}");
    unchanged(&store);

    // A state as shown: the redacted token keeps its value.
    inspector
        .import(r#"{"user": "bob", "token": "[redacted]", "visits": 3}"#)
        .unwrap();
    assert_eq!(store.user().get_untracked(), "bob");
    assert_eq!(store.visits().get_untracked(), 3);
    assert_eq!(store.token().get_untracked(), "kept");
    let last = inspector.log_untracked().pop().unwrap();
    assert_eq!(
        (last.action(), last.origin()),
        ("devtools: import", Origin::Devtools)
    );

    // A whole export imports back, and cannot set a redacted field either.
    let mut export: serde_json::Value = serde_json::from_str(&inspector.export().unwrap()).unwrap();
    export["state"]["visits"] = 9.into();
    export["state"]["token"] = "stolen".into();
    inspector.import(&export.to_string()).unwrap();
    assert_eq!(store.visits().get_untracked(), 9);
    assert_eq!(store.token().get_untracked(), "kept");
}

#[test]
fn a_refused_jump_or_import_leaves_the_store_unchanged() {
    let _serial = serial();
    let store = ArcStore::new_named("guarded", Account::default());
    store.attach(Validate::new(|a: &Account| {
        if a.visits < 5 {
            Ok(())
        } else {
            Err("too many visits")
        }
    }));
    store.inspect();
    let inspector = inspector("guarded");
    let err = inspector
        .import(r#"{"user": "", "token": "", "visits": 5}"#)
        .unwrap_err();
    assert!(matches!(
        err,
        DevtoolsError::Store(StoreError::Refused { .. })
    ));
    assert!(err.to_string().contains("too many visits"), "{err}");
    assert_eq!(store.visits().get_untracked(), 0);

    // A jump to a state the validator has since been told to refuse: the store keeps its
    // state, and the log shows the refusal.
    let watching = devtools::watch();
    store.visits().set(1);
    store.visits().set(2);
    store.attach(Validate::new(|a: &Account| {
        if a.visits != 1 {
            Ok(())
        } else {
            Err("not one")
        }
    }));
    let err = inspector.jump(1).unwrap_err();
    assert!(err.to_string().contains("not one"), "{err}");
    assert_eq!(store.visits().get_untracked(), 2);
    let log = inspector.log_untracked();
    assert_eq!(log.len(), 3);
    assert_eq!(log[2].action(), "devtools: jump to #1");
    assert_eq!(log[2].refused(), Some(("validate", "not one")));
    drop(watching);
}

#[derive(State, Clone, PartialEq, Debug, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Renamed {
    #[state(redact)]
    api_key: String,
    page_size: u32,
}

#[test]
fn an_import_never_sets_a_redacted_field_even_under_a_serde_rename() {
    let store = ArcStore::new_named("renamed", Renamed::default());
    store.inspect();
    store.api_key().set("kept".into());
    let inspector = inspector("renamed");
    // Found under its serde name.
    assert_eq!(inspector.state().unwrap()["apiKey"], REDACTED);
    assert!(!inspector.export().unwrap().contains("kept"));
    inspector
        .import(r#"{"apiKey": "stolen", "pageSize": 50}"#)
        .unwrap();
    assert_eq!(store.page_size().get_untracked(), 50);
    assert_eq!(store.api_key().get_untracked(), "kept");
}

/// A store whose secrets are in nested structs: in a list, an `Option`, a map, a flattened
/// struct, under serde renames.
#[derive(State, Clone, PartialEq, Debug, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Vault {
    owner_name: String,
    #[state(key = |member: &Member| member.id)]
    members: Vec<Member>,
    primary: Option<Credentials>,
    #[serde(rename = "by_service")]
    services: std::collections::BTreeMap<String, Credentials>,
    #[serde(flatten)]
    extra: Extra,
}

#[derive(State, Clone, PartialEq, Debug, Default, Serialize, Deserialize)]
struct Member {
    id: u32,
    credentials: Credentials,
}

#[derive(State, Clone, PartialEq, Debug, Default, Serialize, Deserialize)]
struct Credentials {
    login: String,
    #[state(redact)]
    #[serde(rename = "pw")]
    password: String,
}

#[derive(State, Clone, PartialEq, Debug, Default, Serialize, Deserialize)]
struct Extra {
    #[state(redact)]
    api_key: String,
    note: String,
}

fn credentials(login: &str, password: &str) -> Credentials {
    Credentials {
        login: login.into(),
        password: password.into(),
    }
}

fn filled_vault() -> Vault {
    Vault {
        owner_name: "ada".into(),
        members: vec![
            Member {
                id: 1,
                credentials: credentials("one", "secret-1"),
            },
            Member {
                id: 2,
                credentials: credentials("two", "secret-2"),
            },
        ],
        primary: Some(credentials("main", "secret-3")),
        services: [("mail".to_owned(), credentials("m", "secret-4"))].into(),
        extra: Extra {
            api_key: "secret-5".into(),
            note: "hello".into(),
        },
    }
}

#[test]
fn nested_redacted_fields_are_hidden_in_the_state_its_diffs_and_the_export() {
    let _serial = serial();
    let watching = devtools::watch();
    let store = ArcStore::new_named("vault", Vault::default());
    store.inspect();
    let inspector = inspector("vault");
    store.set("fill", filled_vault()).unwrap();

    let state = inspector.state().unwrap();
    assert_eq!(state["ownerName"], "ada");
    assert_eq!(state["members"][0]["credentials"]["login"], "one");
    assert_eq!(state["members"][0]["credentials"]["pw"], REDACTED);
    assert_eq!(state["members"][1]["credentials"]["pw"], REDACTED);
    assert_eq!(state["primary"]["pw"], REDACTED);
    assert_eq!(state["by_service"]["mail"]["pw"], REDACTED);
    assert_eq!(state["api_key"], REDACTED);
    assert_eq!(state["note"], "hello");

    let shown = [
        state.to_string(),
        inspector.state_at(1).unwrap().to_string(),
        format!("{:?}", inspector.diff(1).unwrap()),
        inspector.export().unwrap(),
    ];
    for text in shown {
        assert!(!text.contains("secret-"), "a secret left: {text}");
    }
    drop(watching);
}

#[derive(State, Clone, PartialEq, Debug, Default, Serialize, Deserialize)]
#[serde(transparent)]
struct Wrapped {
    #[state(redact)]
    key: String,
}

#[test]
fn a_transparent_store_imports_back_and_keeps_its_secret() {
    let store = ArcStore::new_named("transparent", Wrapped { key: "kept".into() });
    store.inspect();
    let inspector = inspector("transparent");
    assert_eq!(inspector.state().unwrap(), REDACTED);
    inspector.import(&inspector.export().unwrap()).unwrap();
    inspector.import(r#""stolen""#).unwrap();
    assert_eq!(store.key().get_untracked(), "kept");
}

#[test]
fn an_import_puts_back_nested_redacted_fields_and_never_sets_them() {
    let store = ArcStore::new_named("vault import", filled_vault());
    store.inspect();
    let inspector = inspector("vault import");

    // An export imports back as it was.
    inspector.import(&inspector.export().unwrap()).unwrap();
    assert_eq!(store.get_untracked(), filled_vault());

    // A changed login is taken; a password the text gives is not.
    let mut text = inspector.state().unwrap();
    text["members"][0]["credentials"]["login"] = "first".into();
    text["members"][1]["credentials"]["pw"] = "stolen".into();
    text["primary"]["pw"] = "stolen".into();
    text["by_service"]["mail"]["pw"] = "stolen".into();
    text["api_key"] = "stolen".into();
    inspector.import(&text.to_string()).unwrap();
    let mut expected = filled_vault();
    expected.members[0].credentials.login = "first".into();
    assert_eq!(store.get_untracked(), expected);

    // A member the store does not have has no password to take: the import fails, naming
    // it, and changes nothing.
    let mut text = inspector.state().unwrap();
    text["members"]
        .as_array_mut()
        .unwrap()
        .push(serde_json::json!({"id": 3, "credentials": {"login": "new", "pw": REDACTED}}));
    let err = inspector.import(&text.to_string()).unwrap_err();
    assert!(err.to_string().contains("missing field `pw`"), "{err}");
    assert_eq!(store.get_untracked(), expected);
}

#[test]
fn a_store_inspected_while_watched_diffs_its_first_change_against_its_state_then() {
    let _serial = serial();
    let watching = devtools::watch();
    let (store, inspector) = account("late");
    store.visits().set(4);
    let diff = inspector.diff(1).unwrap();
    assert_eq!(diff.len(), 1);
    assert_eq!(
        (diff[0].old.clone(), diff[0].new.clone()),
        (Some(0.into()), Some(4.into()))
    );
    drop(watching);
}

#[test]
fn an_immediate_effect_on_the_log_may_read_the_store() {
    let _serial = serial();
    let owner = Owner::new();
    owner.set();
    let (store, inspector) = account("immediate");
    let _watching = devtools::watch();
    let seen = Arc::new(Mutex::new(Vec::new()));
    let record = seen.clone();
    let reader = store.clone();
    let _effect = leptos::reactive::effect::ImmediateEffect::new(move || {
        let entries = inspector.log().len();
        record
            .lock()
            .unwrap()
            .push((entries, reader.visits().get_untracked()));
    });
    store.visits().set(9);
    assert_eq!(seen.lock().unwrap().last(), Some(&(1, 9)));
}

#[test]
fn inspect_any_shows_a_plain_serde_type_and_a_dropped_store_is_gone() {
    let _serial = serial();
    let store = ArcStore::new_named("plain", vec![1, 2]);
    store.inspect_any();
    let inspector = inspector("plain");
    assert_eq!(inspector.state().unwrap(), serde_json::json!([1, 2]));
    inspector.import("[3]").unwrap();
    assert_eq!(store.get_untracked(), [3]);
    drop(store);
    assert!(matches!(
        inspector.state(),
        Err(DevtoolsError::Gone { store }) if store == "plain"
    ));
    assert!(matches!(
        inspector.import("[4]"),
        Err(DevtoolsError::Gone { .. })
    ));
}

#[test]
fn the_log_keeps_the_newest_entries_and_states() {
    let _serial = serial();
    let (store, inspector) = account("limits");
    let watching = devtools::watch();
    for visit in 1..=(LOG_LIMIT as u32 + 10) {
        store.visits().set(visit);
    }
    drop(watching);
    let log = inspector.log_untracked();
    assert_eq!(log.len(), LOG_LIMIT);
    assert_eq!(log[0].seq(), 11);
    assert_eq!(log.iter().filter(|e| e.has_state()).count(), STATE_LIMIT);
    let oldest_kept = log.len() - STATE_LIMIT;
    assert!(log[oldest_kept].has_state() && !log[oldest_kept - 1].has_state());
    let err = inspector.state_at(log[0].seq()).unwrap_err();
    assert!(matches!(err, DevtoolsError::NoState { seq: 11, .. }));
    assert!(err.to_string().contains("no longer kept"), "{err}");
    assert!(matches!(
        inspector.jump(3),
        Err(DevtoolsError::NoState { .. })
    ));
    assert!(inspector.jump(log.last().unwrap().seq()).is_ok());
}

/// A state that counts how often it is cloned and serialized.
#[derive(Debug, Default, PartialEq, Deserialize)]
struct Counted(u32);

static CLONES: AtomicUsize = AtomicUsize::new(0);
static SERIALIZED: AtomicUsize = AtomicUsize::new(0);

impl Clone for Counted {
    fn clone(&self) -> Self {
        CLONES.fetch_add(1, Ordering::SeqCst);
        Counted(self.0)
    }
}

impl Serialize for Counted {
    fn serialize<Z: serde::Serializer>(&self, serializer: Z) -> Result<Z::Ok, Z::Error> {
        SERIALIZED.fetch_add(1, Ordering::SeqCst);
        self.0.serialize(serializer)
    }
}

#[test]
fn an_inspected_store_logs_copies_and_serializes_nothing_while_unwatched() {
    let _serial = serial();
    let store = ArcStore::new_named("counted", Counted(0));
    store.inspect_any();
    let inspector = inspector("counted");
    // The store's first change copies its initial state, for `reset`: the store's copy,
    // made once, not the inspector's.
    store.update("start", |c| c.0 = 0).unwrap();
    let (clones, serialized) = (
        CLONES.load(Ordering::SeqCst),
        SERIALIZED.load(Ordering::SeqCst),
    );
    for n in 1..=100 {
        store.update("bump", |c| c.0 = n).unwrap();
    }
    assert!(inspector.log_untracked().is_empty());
    assert_eq!(CLONES.load(Ordering::SeqCst), clones);
    assert_eq!(SERIALIZED.load(Ordering::SeqCst), serialized);

    // Watching copies once to start, then once per change, and still serializes nothing.
    let watching = devtools::watch();
    store.update("bump", |c| c.0 += 1).unwrap();
    assert_eq!(CLONES.load(Ordering::SeqCst), clones + 2);
    assert_eq!(SERIALIZED.load(Ordering::SeqCst), serialized);
    assert_eq!(inspector.diff(1).unwrap()[0].new, Some(101.into()));
    drop(watching);
}

#[test]
fn an_inspected_machine_shows_its_graph_active_states_events_context_and_log() {
    let _serial = serial();
    use leptos_state::{
        Machine,
        devtools::{StateKind, StepKind},
        use_machine,
    };

    #[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
    enum Step {
        Form,
        Address,
        Card,
        Paid,
    }
    #[derive(Clone, Debug)]
    enum Go {
        Next,
        Pay,
    }

    let owner = Owner::new();
    owner.set();
    let wizard = use_machine(
        Machine::builder(0_u32)
            .initial(Step::Form)
            .state(Step::Form, |s| {
                s.initial(Step::Address)
                    .child(Step::Address, |s| {
                        s.on_with(Go::Next, |t| {
                            t.to(Step::Card).action(|n: &mut u32, _| *n += 1)
                        })
                    })
                    .child(Step::Card, |s| s.on(Go::Pay, Step::Paid))
            })
            .state(Step::Paid, |s| s.final_state())
            .build()
            .unwrap(),
    );
    wizard.inspect("wizard", [Go::Next, Go::Pay]);
    let watching = devtools::watch();
    let find = || {
        devtools::live_machines_untracked()
            .into_iter()
            .find(|m| m.name == "wizard")
    };
    let machine = find().unwrap();
    assert!(machine.state_type.ends_with("Step"));
    let inspector = machine.inspector;

    let graph = inspector.graph();
    let names: Vec<_> = graph.states.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, ["Form", "Address", "Card", "Paid"]);
    assert_eq!(graph.states[0].kind, StateKind::Compound);
    assert!(graph.states[0].initial && graph.states[1].initial && !graph.states[2].initial);
    assert_eq!(graph.states[1].parent, Some(0));
    assert_eq!(graph.states[3].kind, StateKind::Final);
    assert_eq!(graph.states[1].transitions[0].trigger, "Next");
    assert_eq!(graph.states[1].transitions[0].targets, ["Card"]);
    assert!(inspector.mermaid().contains("Address --> Card: Next"));

    assert_eq!(inspector.active(), ["Form", "Address"]);
    let enabled: Vec<_> = inspector.events().iter().map(|e| e.enabled).collect();
    assert_eq!(enabled, [true, false]);
    assert_eq!(inspector.context(), "0");

    // The panel's button for `Pay` is disabled, but a send still reaches the machine, which
    // ignores it.
    assert!(inspector.send(1));
    assert!(inspector.send(0));
    assert!(!inspector.send(9));
    assert_eq!(inspector.active(), ["Form", "Card"]);
    assert_eq!(inspector.context(), "1");
    let log = inspector.log();
    assert_eq!(log.len(), 2);
    assert_eq!((log[0].seq, log[0].event.as_deref()), (1, Some("Pay")));
    assert_eq!(log[0].kind, StepKind::Ignored);
    assert_eq!(
        log[1].kind,
        StepKind::Transition {
            from: vec!["Address".into()],
            to: vec!["Card".into()]
        }
    );

    drop(watching);
    // Another observer still sees the states before and after, with the devtools idle.
    let seen = Arc::new(Mutex::new(Vec::new()));
    let record = seen.clone();
    let _observer = wizard.observe(move |inspection| {
        if let leptos_state::Inspection::Transition { from, to, .. } = inspection {
            record.lock().unwrap().push((from.to_vec(), to.to_vec()));
        }
    });
    inspector.send(1);
    assert_eq!(
        inspector.log().len(),
        2,
        "nothing watches: nothing is logged"
    );
    assert_eq!(
        *seen.lock().unwrap(),
        [(vec![Step::Card], vec![Step::Paid])]
    );

    owner.cleanup();
    assert!(find().is_none());
}

#[test]
fn the_registry_is_read_while_other_threads_create_and_drop_stores() {
    let writers: Vec<_> = (0..4)
        .map(|_| {
            std::thread::spawn(|| {
                for n in 0..2_000_u32 {
                    drop(ArcStore::new_named("churn", n));
                }
            })
        })
        .collect();
    for _ in 0..20_000 {
        let _ = devtools::live_stores_untracked();
    }
    for writer in writers {
        writer.join().unwrap();
    }
}

#[test]
fn the_machine_graph_shows_initial_and_history_defaults_and_done_handlers() {
    let _serial = serial();
    use leptos_state::{HistoryMode, Machine, devtools::GraphTransition, use_machine};

    #[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
    enum Step {
        Form,
        History,
        Address,
        Card,
        Paid,
        Thanks,
    }
    #[derive(Clone, Debug)]
    enum Go {
        Next,
    }

    let owner = Owner::new();
    owner.set();
    let wizard = use_machine(
        Machine::builder(0_u32)
            .initial(Step::Form)
            .state(Step::Form, |s| {
                s.initial_with(|t| t.to(Step::Address).action(|n: &mut u32| *n += 1))
                    .on_done_with(|t| {
                        t.guard(|n: &u32| *n > 0)
                            .action(|n: &mut u32| *n += 10)
                            .to(Step::Thanks)
                    })
                    .child(Step::History, |s| {
                        s.history(HistoryMode::Shallow)
                            .history_default(|t| t.to(Step::Card).action(|n: &mut u32| *n += 2))
                    })
                    .child(Step::Address, |s| s.on(Go::Next, Step::Card))
                    .child(Step::Card, |s| s.on(Go::Next, Step::Paid))
                    .child(Step::Paid, |s| s.final_state())
            })
            .state(Step::Thanks, |s| s)
            .build()
            .unwrap(),
    );
    wizard.inspect("defaults", [Go::Next]);
    let _watching = devtools::watch();
    let machine = devtools::live_machines_untracked()
        .into_iter()
        .find(|m| m.name == "defaults")
        .unwrap();
    let graph = machine.inspector.graph();
    let form = &graph.states[0];
    assert_eq!(
        form.default,
        Some(GraphTransition {
            trigger: "initial".into(),
            targets: vec!["Address".into()],
            guarded: false,
            actions: 1,
        })
    );
    assert_eq!(
        form.transitions,
        [GraphTransition {
            trigger: "done".into(),
            targets: vec!["Thanks".into()],
            guarded: true,
            actions: 1,
        }]
    );
    let history = &graph.states[1];
    assert_eq!(
        history.default,
        Some(GraphTransition {
            trigger: "default".into(),
            targets: vec!["Card".into()],
            guarded: false,
            actions: 1,
        })
    );
    assert!(graph.states[2].initial && !graph.states[3].initial);
    let diagram = machine.inspector.mermaid();
    for line in [
        "[*] --> Address: / action",
        "History --> Card: default / action",
        "Form --> Thanks: done [guard] / action",
    ] {
        assert!(diagram.contains(line), "{line} in {diagram}");
    }
    wizard.send(Go::Next);
    wizard.send(Go::Next);
    assert_eq!(wizard.state_untracked(), [Step::Thanks]);
    assert_eq!(wizard.with_context_untracked(|n| *n), Some(11));
}

#[test]
fn a_refused_write_is_logged_with_the_middleware_and_its_reason() {
    let _serial = serial();
    let watching = devtools::watch();
    let (store, inspector) = account("refusals");
    store.attach(Validate::new(|a: &Account| {
        if a.visits <= 2 {
            Ok(())
        } else {
            Err("too many visits")
        }
    }));
    store.visits().set(1);
    let refused = store.update("visit a lot", |a| a.visits = 9).unwrap_err();
    assert!(matches!(refused, StoreError::Refused { .. }));
    store.visits().set(2);

    let log = inspector.log_untracked();
    assert_eq!(log.len(), 3);
    assert_eq!(log[1].action(), "visit a lot");
    assert_eq!(log[1].refused(), Some(("validate", "too many visits")));
    assert_eq!(inspector.entry(log[1].seq()).as_ref(), Some(&log[1]));
    assert_eq!(inspector.entry(999), None);
    assert!(!log[1].has_state(), "a refused write changed nothing");
    assert!(matches!(
        inspector.state_at(log[1].seq()),
        Err(DevtoolsError::NoState { .. })
    ));
    assert_eq!(log[0].refused(), None);
    // The next change is diffed against the last state the store took.
    let diff = inspector.diff(log[2].seq()).unwrap();
    assert_eq!(
        (diff[0].old.clone(), diff[0].new.clone()),
        (Some(1.into()), Some(2.into()))
    );
    let export: serde_json::Value = serde_json::from_str(&inspector.export().unwrap()).unwrap();
    assert_eq!(export["log"][1]["refused"]["middleware"], "validate");

    // Refused writes keep no state and do not count against the states kept: the newest
    // `STATE_LIMIT` accepted changes keep theirs.
    for n in 0..STATE_LIMIT {
        if n == STATE_LIMIT / 2 {
            store.update("too many", |a| a.visits = 7).unwrap_err();
        }
        store
            .update("visit", |a| a.visits = (n % 3) as u32)
            .unwrap();
    }
    let log = inspector.log_untracked();
    let accepted: Vec<_> = log.iter().filter(|e| e.refused().is_none()).collect();
    let kept = accepted.iter().filter(|e| e.has_state()).count();
    assert_eq!(kept, STATE_LIMIT);
    assert!(
        accepted[accepted.len() - STATE_LIMIT..]
            .iter()
            .all(|e| e.has_state())
    );
    drop(watching);
}

#[test]
fn a_timer_transition_is_named_by_its_delay_in_the_machine_log() {
    let _serial = serial();
    use leptos_state::{Actor, Machine, ManualClock};

    #[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
    enum Lamp {
        Red,
        Green,
    }
    #[derive(Clone, Debug)]
    enum Nothing {}

    let clock = ManualClock::new();
    let actor: Actor<Lamp, Nothing, ()> = Actor::with_clock(
        Machine::builder(())
            .initial(Lamp::Red)
            .state(Lamp::Red, |s| s.after(3000, Lamp::Green))
            .state(Lamp::Green, |s| s)
            .build()
            .unwrap(),
        Arc::new(clock.clone()),
    );
    actor.inspect("lamp", []);
    let watching = devtools::watch();
    clock.advance(3000);
    let inspector = devtools::live_machines_untracked()
        .into_iter()
        .find(|m| m.name == "lamp")
        .unwrap()
        .inspector;
    let log = inspector.log();
    assert_eq!(log.len(), 1);
    assert_eq!(log[0].event.as_deref(), Some("after 3000 ms"));
    drop(watching);
}

#[test]
fn an_inspected_store_shows_its_redacted_state_in_its_debug() {
    let owner = Owner::new();
    owner.set();
    let store = Store::new_named("debugged", Account::default());
    store.token().set("secret-token".into());
    store.visits().set(3);
    let plain = format!("{store:?}");
    assert!(
        plain.contains("debugged") && !plain.contains("state:"),
        "{plain}"
    );
    store.inspect();
    let shown = format!("{store:?}");
    assert!(shown.contains(r#""visits":3"#), "{shown}");
    assert!(
        shown.contains(REDACTED) && !shown.contains("secret-token"),
        "{shown}"
    );
    // A machine whose context is the store shows it so in the panel.
    let pretty = format!("{store:#?}");
    assert!(pretty.contains("\"visits\": 3"), "{pretty}");
}
