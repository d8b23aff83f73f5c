//! The store core: reading through Leptos traits, named writes, transactions, selectors,
//! handles and cleanup.

#[path = "util/effects.rs"]
mod effects;

use effects::{count_runs, flush, owner};
use leptos::prelude::*;
use leptos_state::{ArcStore, Store, StoreError};
use std::sync::{Arc, Mutex};

#[derive(Clone, Debug, Default, PartialEq)]
struct Todos {
    items: Vec<String>,
    filter: String,
}

#[test]
fn reads_go_through_leptos_traits() {
    let _owner = owner();
    let store = Store::new(Todos {
        items: vec!["a".into()],
        filter: "all".into(),
    });

    assert_eq!(store.with_untracked(|t| t.items.len()), 1);
    assert_eq!(store.get_untracked().filter, "all");
    assert_eq!(store.read_untracked().items[0], "a");

    let filter = Memo::new(move |_| store.with(|t| t.filter.clone()));
    let len = Memo::new(move |_| store.read().items.len());
    store.update("add", |t| t.items.push("b".into())).unwrap();
    store
        .update("filter", |t| t.filter = "done".into())
        .unwrap();
    assert_eq!(filter.get_untracked(), "done");
    assert_eq!(len.get_untracked(), 2);
}

#[test]
fn update_set_transaction_and_reset_write_the_state() {
    let _owner = owner();
    let store = Store::new(Todos::default());

    let len = store.update("add", |t| {
        t.items.push("a".into());
        t.items.len()
    });
    assert_eq!(len, Ok(1));

    store
        .set(
            "load",
            Todos {
                items: vec!["x".into(), "y".into()],
                filter: "all".into(),
            },
        )
        .unwrap();
    assert_eq!(store.with_untracked(|t| t.items.clone()), ["x", "y"]);

    let seen = store
        .transaction("tidy", |tx| {
            tx.update(|t| t.items.retain(|i| i != "x"));
            tx.update(|t| t.filter = "active".into());
            tx.state().items.len()
        })
        .unwrap();
    assert_eq!(seen, 1);
    assert_eq!(
        store.get_untracked(),
        Todos {
            items: vec!["y".into()],
            filter: "active".into()
        }
    );

    store.reset().unwrap();
    assert_eq!(store.get_untracked(), Todos::default());
}

#[test]
fn transaction_can_set_and_reset() {
    let _owner = owner();
    let store = Store::new(5);
    store
        .transaction("restart", |tx| {
            tx.set(9);
            assert_eq!(*tx.state(), 9);
            tx.reset();
            tx.update(|n| *n += 1);
        })
        .unwrap();
    assert_eq!(store.get_untracked(), 6);
}

#[test]
fn each_write_reruns_readers_once() {
    let _owner = owner();
    let store = Store::new(Todos::default());
    let runs = count_runs(move || store.track());
    assert_eq!(runs.get(), 1);

    store.update("add", |t| t.items.push("a".into())).unwrap();
    flush();
    assert_eq!(runs.get(), 2);

    store.set("load", Todos::default()).unwrap();
    flush();
    assert_eq!(runs.get(), 3);

    store
        .transaction("three writes", |tx| {
            tx.update(|t| t.items.push("a".into()));
            tx.update(|t| t.items.push("b".into()));
            tx.update(|t| t.filter = "all".into());
        })
        .unwrap();
    flush();
    assert_eq!(runs.get(), 4);

    store.reset().unwrap();
    flush();
    assert_eq!(runs.get(), 5);
}

#[test]
fn a_transaction_that_writes_nothing_is_no_change() {
    let _owner = owner();
    let store = Store::new(1);
    let runs = count_runs(move || store.track());
    let heard = Arc::new(Mutex::new(0));
    let counter = heard.clone();
    let _subscription = store.subscribe(move |_| *counter.lock().unwrap() += 1);

    let read = store.transaction("look only", |tx| *tx.state()).unwrap();
    flush();
    assert_eq!(read, 1);
    assert_eq!(runs.get(), 1);
    assert_eq!(*heard.lock().unwrap(), 0);
}

#[test]
fn a_selector_reruns_its_readers_only_when_its_value_changes() {
    let _owner = owner();
    let store = Store::new(Todos::default());
    let count = store.select(|t| t.items.len());
    let runs = count_runs(move || {
        count.get();
    });

    store
        .update("filter", |t| t.filter = "done".into())
        .unwrap();
    flush();
    assert_eq!(runs.get(), 1, "the item count did not change");

    store.update("add", |t| t.items.push("a".into())).unwrap();
    flush();
    assert_eq!(runs.get(), 2);
    assert_eq!(count.get_untracked(), 1);
}

#[test]
fn a_memo_derives_a_value_from_two_stores() {
    let _owner = owner();
    let prices = Store::new(vec![3, 4]);
    let discount = Store::new(1);
    let total = Memo::new(move |_| prices.with(|p| p.iter().sum::<i32>()) - discount.get());
    assert_eq!(total.get_untracked(), 6);
    prices.update("add", |p| p.push(5)).unwrap();
    assert_eq!(total.get_untracked(), 11);
    discount.set("coupon", 4).unwrap();
    assert_eq!(total.get_untracked(), 8);
}

#[test]
fn handles_convert_and_share_one_store() {
    let _owner = owner();
    let arc = ArcStore::new(0);
    let store = Store::from(arc.clone());
    let back = ArcStore::from(store);
    assert!(back.ptr_eq(&arc));

    store.set("via store", 1).unwrap();
    assert_eq!(arc.get_untracked(), 1);
    arc.set("via arc", 2).unwrap();
    assert_eq!(store.get_untracked(), 2);

    let copy = store;
    assert_eq!(copy, store);
    assert_ne!(Store::new(2), store);
}

#[test]
fn a_store_converts_into_a_signal() {
    let _owner = owner();
    let store = Store::new(String::from("a"));
    let signal: Signal<String> = store.into();
    let from_arc: Signal<String> = ArcStore::new(String::from("b")).into();
    store.set("rename", "c".into()).unwrap();
    assert_eq!(signal.get_untracked(), "c");
    assert_eq!(from_arc.get_untracked(), "b");
}

#[test]
fn a_store_is_disposed_with_its_owner() {
    let _root = owner();
    let component = Owner::new();
    let store = component.with(|| Store::new_named("doomed", 0));
    store.set("before", 1).unwrap();

    component.cleanup();

    assert!(store.is_disposed());
    assert_eq!(store.try_get_untracked(), None);
    let err = store.update("increment", |n| *n += 1).unwrap_err();
    assert!(matches!(err, StoreError::Disposed { .. }));
    let message = err.to_string();
    assert!(
        message.contains("action \"increment\" was sent to a store of type `i32`"),
        "{message}"
    );
    assert!(message.contains("tests/store.rs"), "{message}");
    assert!(matches!(store.reset(), Err(StoreError::Disposed { .. })));
    assert!(matches!(
        store.set("x", 3),
        Err(StoreError::Disposed { .. })
    ));
    assert!(matches!(
        store.transaction("x", |tx| tx.set(3)),
        Err(StoreError::Disposed { .. })
    ));
}

#[test]
#[should_panic(expected = "a store of type `i32` (created at")]
fn subscribing_to_a_disposed_store_panics_with_the_type() {
    let _root = owner();
    let component = Owner::new();
    let store = component.with(|| Store::new(0));
    component.cleanup();
    let _subscription = store.subscribe(|_| {});
}

#[test]
fn an_arc_store_outlives_the_owner_it_was_made_in() {
    let _root = owner();
    let component = Owner::new();
    let store = component.with(|| ArcStore::new(0));
    component.cleanup();
    store.set("after", 1).unwrap();
    assert_eq!(store.get_untracked(), 1);
}

#[test]
fn a_write_from_inside_an_update_is_an_error_not_a_deadlock() {
    let _owner = owner();
    let store = Store::new_named("counter", 0);
    let inner = store
        .update("outer", |n| {
            *n += 1;
            store.update("inner", |n| *n += 10)
        })
        .unwrap();
    let err = inner.unwrap_err();
    assert_eq!(
        err,
        StoreError::Reentrant {
            store: "counter".into(),
            action: "inner".into()
        }
    );
    assert!(err.to_string().contains("fold both into one `transaction`"));
    assert_eq!(store.get_untracked(), 1);
}

#[test]
#[should_panic(expected = "store `counter` was read while it was applying a change")]
fn a_read_from_inside_an_update_panics_with_a_clear_message() {
    let _owner = owner();
    let store = Store::new_named("counter", 0);
    let _ = store.update("outer", |n| *n = store.get_untracked() + 1);
}

#[test]
fn writes_record_the_callers_location() {
    let _owner = owner();
    let store = Store::new(0);
    let lines = Arc::new(Mutex::new(Vec::new()));
    let seen = lines.clone();
    let _subscription = store.subscribe(move |change| {
        seen.lock().unwrap().push((
            change.location().file().to_string(),
            change.location().line(),
        ))
    });
    let line = line!() + 1;
    store.update("here", |n| *n += 1).unwrap();
    assert_eq!(*lines.lock().unwrap(), [(file!().to_string(), line)]);
}
