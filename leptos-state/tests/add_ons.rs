//! The store's extension point as an add-on written outside the crate meets it: what it can
//! lock, what it sees, and that its hooks cannot deadlock the store.

use leptos::prelude::*;
use leptos_state::{
    AddOn, ArcStore, Committed, Finalized, History, HistoryOptions, Origin, State, Store,
    StoreError,
};
use std::sync::{Mutex, OnceLock};

#[derive(State, Clone, Debug, Default, PartialEq)]
struct Cart {
    items: Vec<String>,
}

/// Locks the store against every origin it is asked about.
struct LockAll;

impl AddOn<Cart> for LockAll {
    fn name(&self) -> &str {
        "maintenance"
    }

    fn locks(&self, _: Origin) -> bool {
        true
    }
}

#[test]
fn a_lock_refuses_the_applications_changes_but_never_settling_ones() {
    let cart = ArcStore::new(Cart::default());
    let pending = cart
        .begin_optimistic("add tea", |c| c.items.push("tea".into()))
        .unwrap();
    cart.attach_add_on(LockAll).unwrap();

    let refused = cart
        .update("add milk", |c| c.items.push("milk".into()))
        .unwrap_err();
    assert_eq!(
        refused,
        StoreError::Locked {
            store: "Cart".into(),
            action: "add milk".into(),
            by: "maintenance".into(),
        }
    );
    // Settling is never locked out: a rollback refused here would leave "tea" forever.
    pending.fail("offline").unwrap();
    assert!(cart.items().get_untracked().is_empty());
    let again = cart
        .begin_optimistic("add jam", |c| c.items.push("jam".into()))
        .unwrap();
    again.confirm().unwrap();
    assert_eq!(cart.items().get_untracked(), ["jam"]);
}

/// Writes its own store from `finalized`, which it must not do.
#[derive(Default)]
struct WritesWhenFinal {
    store: OnceLock<ArcStore<Cart>>,
    answer: Mutex<Option<Result<(), StoreError>>>,
    finalized: Mutex<Vec<String>>,
}

impl AddOn<Cart> for WritesWhenFinal {
    fn name(&self) -> &str {
        "writes when final"
    }

    fn finalized(&self, finalized: &Finalized<'_, Cart>) {
        self.finalized.lock().unwrap().push(format!(
            "{} without: {:?}",
            finalized.action(),
            finalized.state_without()
        ));
        if let Some(store) = self.store.get() {
            let written = store.update("mark synced", |c| c.items.push("synced".into()));
            *self.answer.lock().unwrap() = Some(written);
        }
    }
}

// Regression: `finalize` held the state read-locked without marking the store busy, so an
// add-on writing its store from `finalized` deadlocked instead of getting an error.
#[test]
fn a_write_from_finalized_is_reentrant_not_a_deadlock() {
    let cart = ArcStore::new(Cart::default());
    let add_on = cart.attach_add_on(WritesWhenFinal::default()).unwrap();
    let _ = add_on.store.set(cart.clone());
    let pending = cart
        .begin_optimistic("add tea", |c| c.items.push("tea".into()))
        .unwrap();
    pending.confirm().unwrap();
    assert_eq!(
        *add_on.finalized.lock().unwrap(),
        ["add tea without: Cart { items: [] }"]
    );
    assert!(matches!(
        add_on.answer.lock().unwrap().take(),
        Some(Err(StoreError::Reentrant { .. }))
    ));
    assert_eq!(cart.items().get_untracked(), ["tea"]);
}

/// Counts what it sees, asking for nothing.
#[derive(Default)]
struct Watcher {
    seen: Mutex<Vec<(Origin, bool)>>,
}

impl AddOn<Cart> for Watcher {
    fn name(&self) -> &str {
        "watcher"
    }

    fn committed(&self, committed: &mut Committed<'_, Cart>) {
        let overwritten = committed.overwritten().is_some();
        self.seen
            .lock()
            .unwrap()
            .push((committed.change().origin(), overwritten));
    }
}

#[test]
fn an_add_on_that_wants_nothing_sees_what_others_asked_for() {
    let owner = Owner::new();
    owner.set();
    let cart = Store::new(Cart::default());
    let watcher = cart.attach_add_on(Watcher::default()).unwrap();
    cart.set(
        "fill",
        Cart {
            items: vec!["a".into()],
        },
    )
    .unwrap();
    assert!(
        watcher.seen.lock().unwrap().is_empty(),
        "nobody asked to see the change"
    );

    // The history asks for what each change overwrote; the watcher, attached first, sees it
    // before the history takes it.
    let history = History::attach(cart, HistoryOptions::new());
    cart.set(
        "refill",
        Cart {
            items: vec!["b".into()],
        },
    )
    .unwrap();
    history.undo().unwrap();
    assert_eq!(
        *watcher.seen.lock().unwrap(),
        [(Origin::User, true), (Origin::Undo, true)]
    );
    assert_eq!(cart.items().get_untracked(), ["a"]);
    assert!(matches!(
        cart.attach_add_on(Watcher::default()),
        Err(StoreError::AddOnAttached { .. })
    ));
}
