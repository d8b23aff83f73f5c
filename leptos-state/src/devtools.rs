//! What the devtools read (feature `devtools`): the registry of live stores, and for each
//! [inspected](crate::ArcStore::inspect) one an [`Inspector`] with its state, action log,
//! diffs, time travel, import and export.
//!
//! Every store is listed from its creation to its drop, so the list is always the set of
//! stores alive right now; what is attached to a store (an inspector, a history, optimistic
//! changes, persistence) shows in its [`StoreInfo`]. Without the feature none of this module
//! is compiled.
//!
//! The `leptos-state-devtools` crate shows all of this in the page. The logs are kept only while
//! something [watches](watch) (the panel is open): while nothing does, an inspected store or
//! machine logs nothing, copies no state and serializes nothing.

mod diff;
mod error;
mod history;
pub(crate) mod inspect;
mod inspector;
pub(crate) mod log;
pub(crate) mod machine;
mod optimistic;
#[cfg(feature = "redux-devtools")]
#[cfg_attr(docsrs, doc(cfg(feature = "redux-devtools")))]
pub mod redux;
mod registry;
mod watch;

pub use crate::redact::REDACTED;
pub use diff::{DiffKind, DiffOp};
pub use error::DevtoolsError;
pub use history::HistoryInspector;
pub use inspector::{EXPORT_FORMAT, Inspector};
pub use log::LogEntry;
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

use crate::{
    Persist,
    history::erased::ErasedHistory,
    optimistic::ErasedLedger,
    store::directory::{self, Listed},
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
    pub persistence: Vec<Persist>,
}

impl StoreInfo {
    /// What a listed store shows of itself: its add-ons publish themselves in its
    /// extensions when they are attached.
    fn of(listed: Listed) -> Self {
        let extensions = &listed.extensions;
        StoreInfo {
            id: listed.id,
            name: listed.name.into_owned(),
            type_name: listed.type_name,
            inspector: extensions.get::<Inspector>(),
            history: extensions.get::<ErasedHistory>().map(HistoryInspector::new),
            optimistic: extensions
                .get::<ErasedLedger>()
                .map(OptimisticInspector::new),
            persistence: extensions.get::<Vec<Persist>>().unwrap_or_default(),
        }
    }
}

/// The stores alive right now, oldest first.
///
/// The call is reactive: an effect or view that calls it runs again when a store is created
/// or dropped, or when something is attached to one.
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
    directory::list().into_iter().map(StoreInfo::of).collect()
}

/// The stores alive right now, oldest first, without tracking: for code outside the reactive
/// graph.
pub fn live_stores_untracked() -> Vec<StoreInfo> {
    directory::list_untracked()
        .into_iter()
        .map(StoreInfo::of)
        .collect()
}
