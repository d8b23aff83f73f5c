//! What the devtools registry shows of a store's history, optimistic changes and
//! persistence (feature `devtools`).
#![cfg(feature = "devtools")]

use leptos::prelude::*;
use leptos_state::{
    ArcStore, History, HistoryOptions, Memory, OptimisticStatus, Origin, PersistOptions, State,
    Store, StoreError,
    devtools::{self, StoreInfo},
};
use serde::{Deserialize, Serialize};
use std::sync::{Arc, Mutex};

#[derive(State, Clone, PartialEq, Debug, Default, Serialize, Deserialize)]
struct Doc {
    title: String,
    words: u32,
}

fn info(name: &str) -> StoreInfo {
    devtools::live_stores_untracked()
        .into_iter()
        .find(|store| store.name == name)
        .expect("the store is live")
}

#[test]
fn the_registry_lists_a_history_with_its_steps_and_jumps_through_it() {
    let owner = Owner::new();
    owner.set();
    let doc = Store::new_named("history doc", Doc::default());
    assert_eq!(info("history doc").history, None, "no history attached yet");
    History::attach(doc, HistoryOptions::new().limit(20));
    let history = info("history doc").history.expect("the history is listed");
    assert_eq!(history.limit(), 20);

    let origins = Arc::new(Mutex::new(Vec::new()));
    let seen = origins.clone();
    doc.subscribe(move |change| seen.lock().unwrap().push(change.origin()))
        .detach();
    let past = Memo::new({
        let history = history.clone();
        move |_| history.past_steps()
    });
    doc.title().set("Draft".into());
    doc.update("count words", |d| d.words = 1).unwrap();
    doc.title().set("Final".into());
    assert_eq!(
        history.past_steps(),
        ["title", "count words", "title"],
        "oldest first: a slice write by its path, a named action by its name"
    );
    assert_eq!(past.get_untracked().len(), 3, "reactive");

    history.jump(-2).unwrap();
    assert_eq!(
        doc.get_untracked(),
        Doc {
            title: "Draft".into(),
            words: 0
        }
    );
    assert_eq!(history.past_steps(), ["title"]);
    assert_eq!(
        history.future_steps(),
        ["count words", "title"],
        "next first"
    );
    assert_eq!(past.get_untracked(), ["title"]);
    history.jump(1).unwrap();
    assert_eq!(doc.get_untracked().words, 1);
    assert_eq!(
        history.past_steps(),
        ["title", "count words"],
        "a redone step keeps its name"
    );
    assert_eq!(
        origins.lock().unwrap()[3..],
        [Origin::Undo, Origin::Undo, Origin::Redo],
        "a jump is the history's own undo and redo"
    );

    let err = history.jump(5).unwrap_err();
    assert!(
        matches!(
            err,
            StoreError::OutOfHistory {
                steps: 5,
                past: 2,
                future: 1,
                ..
            }
        ),
        "{err:?}"
    );
    history.set_paused(true);
    assert!(history.is_paused());
    doc.title().set("unrecorded".into());
    assert_eq!(
        history.past_steps(),
        ["count words"],
        "a write while paused is not the history's to undo, nor is the step it overwrote"
    );
    history.set_paused(false);
    history.clear();
    assert!(history.past_steps().is_empty() && history.future_steps().is_empty());

    owner.cleanup();

    assert!(
        devtools::live_stores_untracked()
            .iter()
            .all(|store| store.name != "history doc")
    );
    let err = history.jump(-1).unwrap_err();
    assert!(matches!(err, StoreError::Disposed { .. }), "{err:?}");
    assert!(history.past_steps().is_empty());
}

#[test]
fn the_registry_lists_optimistic_changes_whose_status_follows_them_after_they_settle() {
    let doc = ArcStore::new_named("optimistic doc", Doc::default());
    assert_eq!(info("optimistic doc").optimistic, None);
    let saving = doc
        .begin_optimistic("save", |d| d.title = "saving".into())
        .unwrap();
    let counting = doc.begin_optimistic("count", |d| d.words += 1).unwrap();
    let optimistic = info("optimistic doc")
        .optimistic
        .expect("listed once the store made an optimistic change");
    let pending = optimistic.pending();
    assert_eq!(
        pending
            .iter()
            .map(|change| (change.id(), change.action(), change.status_untracked()))
            .collect::<Vec<_>>(),
        [
            (saving.id(), "save", OptimisticStatus::Pending),
            (counting.id(), "count", OptimisticStatus::Pending)
        ]
    );

    saving.confirm().unwrap();
    counting.fail("offline").unwrap();
    assert!(
        optimistic.pending().is_empty(),
        "settled changes leave the list"
    );
    assert_eq!(pending[0].status_untracked(), OptimisticStatus::Confirmed);
    assert_eq!(
        pending[1].status_untracked(),
        OptimisticStatus::Failed("offline".into()),
        "a change seen while pending reports how it settled"
    );
    drop(doc);
    assert!(optimistic.pending().is_empty());
}

#[test]
fn the_registry_lists_each_persistence_with_its_status() {
    let doc = ArcStore::new_named("persisted doc", Doc::default());
    let disk = Memory::new("doc");
    disk.set_raw(r#"{"version":1,"state":{"title":"stored","words":2}}"#);
    let persist = doc.persist(disk.clone(), PersistOptions::new()).unwrap();
    let broken = Memory::new("broken");
    broken.set_raw("not json");
    let refused = doc.persist(broken, PersistOptions::new()).unwrap();

    let listed = info("persisted doc").persistence;
    assert_eq!(listed, [persist.clone(), refused.clone()]);
    assert!(listed[0].hydrated_untracked());
    assert_eq!(listed[0].backend(), persist.backend());
    assert_eq!(
        (
            listed[0].writes_untracked(),
            listed[0].last_write_untracked()
        ),
        (0, None)
    );
    assert!(listed[1].rejected_untracked() && listed[1].error_untracked().is_some());

    let before = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_millis() as f64;
    doc.words().set(3);
    assert_eq!(listed[0].writes_untracked(), 1);
    let written = listed[0].last_write_untracked().expect("a write happened");
    assert!(written >= before - 1.0, "{written} is the wall clock");
    assert_eq!(
        listed[1].writes_untracked(),
        0,
        "a refused stored value is kept"
    );
}

#[test]
fn a_locked_store_refuses_the_applications_changes_but_not_settlements_or_the_devtools() {
    let doc = ArcStore::new_named("locked doc", Doc::default());
    doc.inspect();
    let inspector = info("locked doc").inspector.expect("inspected");
    let pending = doc.begin_optimistic("count", |d| d.words += 1).unwrap();

    inspector.set_locked(true);
    assert!(inspector.is_locked());
    let refused = doc.update("rename", |d| d.title = "x".into()).unwrap_err();
    assert!(
        matches!(&refused, StoreError::Locked { by, .. } if by == "devtools"),
        "{refused:?}"
    );
    doc.title().set("y".into());
    assert_eq!(
        doc.get_untracked().title,
        "",
        "a slice write is refused too"
    );
    pending.fail("offline").unwrap();
    assert_eq!(
        doc.get_untracked().words,
        0,
        "a rollback goes through a lock"
    );
    inspector
        .import(r#"{"title":"from devtools","words":2}"#)
        .unwrap();
    assert_eq!(doc.get_untracked().title, "from devtools");

    inspector.set_locked(false);
    doc.update("rename", |d| d.title = "x".into()).unwrap();
    assert_eq!(doc.get_untracked().title, "x");
}
