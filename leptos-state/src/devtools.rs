//! What the devtools read (feature `devtools`): the registry of live stores, and for each
//! [inspected](crate::ArcStore::inspect) one an [`Inspector`] with its state, action log,
//! diffs, time travel, import and export.
//!
//! Every store registers itself here when it is created and leaves when it is dropped, so the
//! list is always the set of stores alive right now. Without the feature none of this is
//! compiled and stores carry nothing for it.
//!
//! The `devtools-panel` crate shows all of this in the page. The logs are kept only while
//! something [watches](watch) (the panel is open): while nothing does, an inspected store or
//! machine logs nothing, copies no state and serializes nothing.

mod diff;
mod error;
mod history;
mod inspect;
mod inspector;
pub(crate) mod log;
mod machine;
mod optimistic;
#[cfg(all(feature = "redux-devtools", target_arch = "wasm32"))]
pub mod redux;
mod registry;
mod watch;

pub use diff::{DiffKind, DiffOp};
pub use error::DevtoolsError;
pub use history::HistoryInspector;
pub use inspector::{EXPORT_FORMAT, Inspector, REDACTED};
pub use log::LogEntry;
pub(crate) use machine::MachineRegistration;
pub use machine::{
    EventInfo, GraphState, GraphTransition, MachineGraph, MachineInfo, MachineInspector,
    MachineLogEntry, StateKind, StepKind, live_machines, live_machines_untracked,
};
pub use optimistic::{OptimisticInspector, PendingChange};
pub(crate) use watch::is_watched;
pub use watch::{Watching, watch};

/// How many changes an inspected store's action log (and steps a machine's) keeps; older
/// ones are dropped.
pub const LOG_LIMIT: usize = 500;

/// For how many of the newest log entries the state is kept, for diffs and time travel.
pub const STATE_LIMIT: usize = 100;

use registry::Registry;
use std::sync::{
    LazyLock,
    atomic::{AtomicU64, Ordering},
};

/// What the devtools know about one live store.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct StoreInfo {
    /// A number unique to this store (and distinct from every machine's) for the life of the
    /// program; stores created later have larger ids.
    pub id: u64,
    /// The store's name: the one given to `new_named`, or its state type's short name.
    pub name: String,
    /// The full name of the state type.
    pub type_name: &'static str,
    /// How to show and change the state, once the store is
    /// [inspected](crate::ArcStore::inspect).
    pub inspector: Option<Inspector>,
    /// The store's undo history, once one is [attached](crate::History::attach).
    pub history: Option<HistoryInspector>,
    /// The store's optimistic changes, once it has made one.
    pub optimistic: Option<OptimisticInspector>,
    /// How the store is persisted: one handle per [`persist`](crate::Store::persist) call.
    pub persistence: Vec<crate::Persist>,
}

static STORES: LazyLock<Registry<StoreInfo>> = LazyLock::new(Registry::new);

/// The stores alive right now, oldest first.
///
/// The call is reactive: an effect or view that calls it runs again when a store is created
/// or dropped.
///
/// # Examples
///
/// ```
/// use leptos::prelude::*;
/// use leptos_state::{ArcStore, devtools};
///
/// let names = Memo::new(|_| {
///     devtools::live_stores().into_iter().map(|s| s.name).collect::<Vec<_>>()
/// });
/// let store = ArcStore::new_named("settings", 0);
/// assert!(names.get_untracked().contains(&"settings".to_string()));
/// drop(store);
/// assert!(!names.get_untracked().contains(&"settings".to_string()));
/// ```
pub fn live_stores() -> Vec<StoreInfo> {
    STORES.list()
}

/// The stores alive right now, oldest first, without tracking: for code outside the reactive
/// graph.
pub fn live_stores_untracked() -> Vec<StoreInfo> {
    STORES.list_untracked()
}

/// A new id for a store or a machine.
pub(crate) fn next_id() -> u64 {
    static NEXT_ID: AtomicU64 = AtomicU64::new(1);
    NEXT_ID.fetch_add(1, Ordering::Relaxed)
}

/// A store's entry in the registry, removed when dropped with the store.
pub(crate) struct Registration {
    id: u64,
}

impl Registration {
    pub(crate) fn new(name: String, type_name: &'static str) -> Self {
        let id = next_id();
        STORES.change(|stores| {
            stores.push(StoreInfo {
                id,
                name,
                type_name,
                inspector: None,
                history: None,
                optimistic: None,
                persistence: Vec::new(),
            })
        });
        Registration { id }
    }

    /// Publishes the store's inspector.
    pub(crate) fn set_inspector(&self, inspector: Inspector) {
        self.edit(|store| store.inspector = Some(inspector));
    }

    /// Publishes the store's undo history.
    pub(crate) fn set_history(&self, history: HistoryInspector) {
        self.edit(|store| store.history = Some(history));
    }

    /// Publishes the store's optimistic changes.
    pub(crate) fn set_optimistic(&self, optimistic: OptimisticInspector) {
        self.edit(|store| store.optimistic = Some(optimistic));
    }

    /// Publishes one persistence of the store.
    pub(crate) fn add_persistence(&self, persist: crate::Persist) {
        self.edit(|store| store.persistence.push(persist));
    }

    fn edit(&self, edit: impl FnOnce(&mut StoreInfo)) {
        STORES.change(|stores| {
            if let Some(store) = stores.iter_mut().find(|store| store.id == self.id) {
                edit(store);
            }
        });
    }
}

impl Drop for Registration {
    fn drop(&mut self) {
        STORES.change(|stores| stores.retain(|store| store.id != self.id));
    }
}
