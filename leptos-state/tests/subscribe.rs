//! Subscriptions: listeners outside the reactive graph, and their cleanup.

#[path = "util/effects.rs"]
mod effects;

use effects::owner;
use leptos::prelude::*;
use leptos_state::{ArcStore, Store};
use std::sync::{Arc, Mutex};

type Heard = Arc<Mutex<Vec<String>>>;

fn listener(heard: &Heard) -> impl Fn(&leptos_state::Change<'_>) + Send + Sync + 'static {
    let heard = heard.clone();
    move |change| heard.lock().unwrap().push(change.action().to_string())
}

#[test]
fn a_listener_hears_every_accepted_change_until_dropped() {
    let _owner = owner();
    let heard = Heard::default();
    let store = Store::new(0);
    let subscription = store.subscribe(listener(&heard));

    store.update("one", |n| *n += 1).unwrap();
    store.set("two", 2).unwrap();
    store.transaction("three", |tx| tx.set(3)).unwrap();
    store.reset().unwrap();
    drop(subscription);
    store.set("unheard", 5).unwrap();

    assert_eq!(*heard.lock().unwrap(), ["one", "two", "three", "reset"]);
}

#[test]
fn a_listener_may_write_to_the_store_it_listens_to() {
    let _owner = owner();
    let store = ArcStore::new(0);
    let writer = store.clone();
    let _subscription = store.subscribe(move |change| {
        if change.action() == "ping" {
            writer.update("pong", |n| *n += 10).unwrap();
        }
    });
    store.update("ping", |n| *n += 1).unwrap();
    assert_eq!(store.get_untracked(), 11);
}

#[test]
fn a_listener_may_unsubscribe_another_while_being_called() {
    let _owner = owner();
    let heard = Heard::default();
    let store = ArcStore::new(0);
    let second = Arc::new(Mutex::new(None));
    let to_drop = second.clone();
    let _first = store.subscribe(move |_| drop(to_drop.lock().unwrap().take()));
    *second.lock().unwrap() = Some(store.subscribe(listener(&heard)));

    store.set("a", 1).unwrap();
    store.set("b", 2).unwrap();
    // The second listener was removed during the first change, after the call list was taken.
    assert_eq!(*heard.lock().unwrap(), ["a"]);
}

#[test]
fn until_cleanup_ties_a_listener_to_the_component() {
    let _root = owner();
    let heard = Heard::default();
    let store = Store::new(0);
    let component = Owner::new();
    component.with(|| store.subscribe(listener(&heard)).until_cleanup());

    store.set("mounted", 1).unwrap();
    component.cleanup();
    store.set("unmounted", 2).unwrap();
    assert_eq!(*heard.lock().unwrap(), ["mounted"]);
}

#[test]
fn a_detached_listener_lives_as_long_as_the_store() {
    let _root = owner();
    let heard = Heard::default();
    let component = Owner::new();
    let store = component.with(|| Store::new(0));
    store.subscribe(listener(&heard)).detach();

    store.set("kept", 1).unwrap();
    assert_eq!(*heard.lock().unwrap(), ["kept"]);
    assert_eq!(Arc::strong_count(&heard), 2);
    component.cleanup();
    assert_eq!(
        Arc::strong_count(&heard),
        1,
        "the listener went with its store"
    );
}

#[test]
fn listeners_are_dropped_with_the_store_and_dropping_a_handle_afterwards_is_fine() {
    let _root = owner();
    let heard = Heard::default();
    let component = Owner::new();
    let store = component.with(|| Store::new(0));
    let subscription = store.subscribe(listener(&heard));
    component.cleanup();
    assert_eq!(Arc::strong_count(&heard), 1);
    drop(subscription);
}
