//! The directory of live stores: every store is listed from its creation to its drop, with
//! its name, its type and its [`Extensions`], which is where the devtools find it and what
//! is attached to it.
//!
//! The directory is kept whenever the crate is built with its `devtools` feature (one map
//! entry per store, written at creation and at drop): a store cannot know at its creation
//! whether something will list it later. Without the feature nothing lists stores, and
//! creating one writes no shared map.

use crate::{extensions::Extensions, sync};
use reactive_graph::{
    signal::ArcTrigger,
    traits::{Notify, Track},
};
use std::{
    borrow::Cow,
    collections::BTreeMap,
    sync::{
        Arc, LazyLock, Mutex,
        atomic::{AtomicU64, Ordering},
    },
};

/// One live store.
#[derive(Clone)]
#[allow(
    dead_code,
    reason = "read by the devtools, which list stores and machines of every type"
)]
pub(crate) struct Listed {
    /// Unique for the life of the program, shared with the ids of [`next_id`]; stores
    /// created later have larger ids.
    pub(crate) id: u64,
    pub(crate) name: Cow<'static, str>,
    pub(crate) type_name: &'static str,
    pub(crate) extensions: Arc<Extensions>,
}

struct Directory {
    // A mutex and a trigger, not a signal: a signal's read gives up when another thread
    // holds its write lock, and stores are created and dropped on any thread natively.
    stores: Mutex<BTreeMap<u64, Listed>>,
    changed: ArcTrigger,
}

static DIRECTORY: LazyLock<Directory> = LazyLock::new(|| Directory {
    stores: Mutex::new(BTreeMap::new()),
    changed: ArcTrigger::new(),
});

/// A new id, for a store or anything else listed beside stores (the devtools' machines).
pub(crate) fn next_id() -> u64 {
    static NEXT_ID: AtomicU64 = AtomicU64::new(1);
    NEXT_ID.fetch_add(1, Ordering::Relaxed)
}

#[allow(
    dead_code,
    reason = "read by the devtools, which list stores and machines of every type"
)]
/// The live stores, oldest first. Tracked: a reader re-runs when a store is created or
/// dropped, or when something is attached to one.
pub(crate) fn list() -> Vec<Listed> {
    DIRECTORY.changed.track();
    let listed = list_untracked();
    for store in &listed {
        store.extensions.track();
    }
    listed
}

#[allow(
    dead_code,
    reason = "read by the devtools, which list stores and machines of every type"
)]
/// The live stores, oldest first, without tracking.
pub(crate) fn list_untracked() -> Vec<Listed> {
    sync::lock(&DIRECTORY.stores).values().cloned().collect()
}

/// A store's entry in the directory, removed when dropped with the store.
pub(crate) struct Listing {
    id: u64,
}

impl Listing {
    pub(crate) fn new(
        name: Cow<'static, str>,
        type_name: &'static str,
        extensions: Arc<Extensions>,
    ) -> Self {
        let id = next_id();
        let listed = Listed {
            id,
            name,
            type_name,
            extensions,
        };
        sync::lock(&DIRECTORY.stores).insert(id, listed);
        DIRECTORY.changed.notify();
        Listing { id }
    }
}

impl Drop for Listing {
    fn drop(&mut self) {
        sync::lock(&DIRECTORY.stores).remove(&self.id);
        DIRECTORY.changed.notify();
    }
}
