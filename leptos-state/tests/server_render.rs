//! Rendering on the server, natively, under Leptos' server-side shared context: a shared
//! store and a shared machine send what they hold when the page's data is written, and
//! persistence loads and writes nothing there.
#![cfg(not(target_arch = "wasm32"))]

use futures::StreamExt;
use hydration_context::{SharedContext, SsrSharedContext};
use leptos::prelude::*;
use leptos_state::{
    Actor, IndexedDb, Machine, Memory, PersistOptions, State, Store, WebStorage, use_machine_shared,
};
use serde::{Deserialize, Serialize};
use std::sync::Arc;

/// A reactive owner rendering on the server, and its shared context.
fn on_the_server() -> (Owner, Arc<SsrSharedContext>) {
    let context = Arc::new(SsrSharedContext::new());
    let owner = Owner::new_root(Some(context.clone()));
    owner.set();
    (owner, context)
}

/// What the page carries for the browser to hydrate from.
fn sent(context: &SsrSharedContext) -> String {
    let stream = context
        .pending_data()
        .expect("a server context has data to send");
    futures::executor::block_on(stream.collect::<Vec<String>>()).concat()
}

#[derive(State, Clone, PartialEq, Debug, Default, Serialize, Deserialize)]
struct Cart {
    items: Vec<String>,
}

#[test]
fn a_shared_store_sends_its_state_as_it_is_when_the_page_is_written() {
    let (_owner, context) = on_the_server();
    let cart = Store::new_shared(|| Cart {
        items: vec!["tea".into()],
    });
    // Changes made while rendering go too.
    cart.update("add milk", |c| c.items.push("milk".into()))
        .unwrap();
    let data = sent(&context);
    // Named, so that a browser that made its shared values in another order can tell.
    assert!(
        data.contains(
            r#"{\"shared\":\"store `Cart` of `server_render::Cart`\",\"value\":{\"items\":[\"tea\",\"milk\"]}}"#
        ),
        "{data}"
    );
}

#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug, Serialize, Deserialize)]
enum Door {
    Closed,
    Open,
}

#[derive(Debug)]
struct Push;

fn door() -> Machine<Door, Push, u32> {
    Machine::builder(0)
        .initial(Door::Closed)
        .state(Door::Closed, |s| {
            s.on_with(Push, |t| t.to(Door::Open).action(|n, _| *n += 1))
        })
        .state(Door::Open, |s| s.on(Push, Door::Closed))
        .build()
        .unwrap()
}

#[test]
fn a_shared_machine_sends_its_snapshot_after_the_events_sent_while_rendering() {
    let (_owner, context) = on_the_server();
    let door: Actor<Door, Push, u32> = use_machine_shared(door());
    door.send(Push);
    let data = sent(&context);
    assert!(
        data.contains(
            r#"{\"shared\":\"a machine of `server_render::Door`\",\"value\":{\"states\":[\"Open\"],\"history\":[],\"context\":1}}"#
        ),
        "{data}"
    );
}

#[test]
fn persistence_loads_and_writes_nothing_while_rendering_on_the_server() {
    let (_owner, _context) = on_the_server();
    let disk = Memory::new("cart");
    let stored = r#"{"version":1,"state":{"items":["stored"]}}"#;
    disk.set_raw(stored);
    let cart = Store::new(Cart::default());
    let persist = cart
        .persist(disk.clone(), PersistOptions::new().sync_tabs(true))
        .unwrap();
    assert_eq!(cart.get_untracked(), Cart::default(), "nothing is loaded");
    cart.update("add", |c| c.items.push("tea".into())).unwrap();
    assert_eq!(disk.raw().unwrap(), stored, "nothing is written");
    assert_eq!(disk.writes(), 0);
    // The browser loads the stored state after hydration: not yet, as it renders first.
    assert!(!persist.hydrated_untracked());
    futures::executor::block_on(persist.when_hydrated());
    assert_eq!(persist.error_untracked(), None);

    // The browser's storages exist here too, and are left alone.
    for persist in [
        cart.persist(
            WebStorage::local("cart"),
            PersistOptions::new().sync_tabs(true),
        ),
        cart.persist(IndexedDb::new("db", "store", "cart"), PersistOptions::new()),
    ] {
        let persist = persist.unwrap();
        assert_eq!(persist.error_untracked(), None);
        assert_eq!(persist.writes_untracked(), 0);
    }
}

#[test]
fn off_the_browser_the_browsers_storages_say_they_cannot_be_reached() {
    use leptos_state::{Backend, Pending, StorageError};
    let storage = WebStorage::local("cart");
    assert!(!storage.reachable());
    assert!(matches!(
        storage.read(),
        Pending::Ready(Err(StorageError::Unavailable(_)))
    ));
    assert!(!IndexedDb::new("db", "store", "cart").reachable());
}
