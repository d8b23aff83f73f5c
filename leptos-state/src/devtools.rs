//! The registry of live stores that the devtools panel reads (feature `devtools`).
//!
//! Every store registers itself here when it is created and leaves when it is dropped, so the
//! list is always the set of stores alive right now. Without the feature none of this is
//! compiled and stores carry nothing for it.

use reactive_graph::{
    signal::ArcRwSignal,
    traits::{Read, ReadUntracked, Update},
};
use std::sync::{
    OnceLock,
    atomic::{AtomicU64, Ordering},
};

/// What the devtools know about one live store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoreInfo {
    /// A number unique to this store for the life of the program; stores created later have
    /// larger ids.
    pub id: u64,
    /// The store's name: the one given to `new_named`, or its state type's short name.
    pub name: String,
    /// The full name of the state type.
    pub type_name: &'static str,
}

fn registry() -> &'static ArcRwSignal<Vec<StoreInfo>> {
    static REGISTRY: OnceLock<ArcRwSignal<Vec<StoreInfo>>> = OnceLock::new();
    REGISTRY.get_or_init(|| ArcRwSignal::new(Vec::new()))
}

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
    registry().read().clone()
}

/// The stores alive right now, oldest first, without tracking: for code outside the reactive
/// graph.
pub fn live_stores_untracked() -> Vec<StoreInfo> {
    registry().read_untracked().clone()
}

/// A store's entry in the registry, removed when dropped with the store.
pub(crate) struct Registration {
    id: u64,
}

impl Registration {
    pub(crate) fn new(name: String, type_name: &'static str) -> Self {
        static NEXT_ID: AtomicU64 = AtomicU64::new(1);
        let id = NEXT_ID.fetch_add(1, Ordering::Relaxed);
        registry().update(|stores| {
            stores.push(StoreInfo {
                id,
                name,
                type_name,
            })
        });
        Registration { id }
    }
}

impl Drop for Registration {
    fn drop(&mut self) {
        registry().update(|stores| stores.retain(|store| store.id != self.id));
    }
}
