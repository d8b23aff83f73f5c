//! Whether anything shows the devtools now: while nothing does, inspected stores and machines
//! log nothing, copy nothing and serialize nothing.

use std::sync::atomic::{AtomicUsize, Ordering};

static WATCHERS: AtomicUsize = AtomicUsize::new(0);

/// Whether a [`Watching`] guard is alive.
pub(crate) fn is_watched() -> bool {
    WATCHERS.load(Ordering::Relaxed) > 0
}

/// Proof that something shows the devtools (an open panel, a connected extension). While one
/// is alive, every [inspected](crate::ArcStore::inspect) store logs each change with a copy
/// of the state after it, so that the devtools can diff it and jump back to it, and every
/// inspected machine logs its steps; once the last one is dropped, they log nothing.
///
/// Get one with [`watch`].
#[must_use = "the devtools stop keeping states when this is dropped"]
#[derive(Debug)]
pub struct Watching(());

/// Starts logging changes in every inspected store and machine, until the returned guard is
/// dropped.
///
/// # Examples
///
/// ```
/// use leptos_state::{ArcStore, State, devtools};
/// use serde::{Deserialize, Serialize};
///
/// #[derive(State, Clone, Default, Serialize, Deserialize)]
/// struct Count { n: u32 }
///
/// let store = ArcStore::new(Count::default());
/// store.inspect();
/// store.n().set(1); // not logged: nothing watches
/// let watching = devtools::watch();
/// store.n().set(2); // logged, with the state after it
/// let inspector = devtools::live_stores_untracked()
///     .into_iter()
///     .find(|s| s.name == "Count")
///     .and_then(|s| s.inspector)
///     .unwrap();
/// let log = inspector.log_untracked();
/// assert_eq!(log.len(), 1);
/// assert_eq!(inspector.state_at(log[0].seq()).unwrap()["n"], 2);
/// drop(watching);
/// # use leptos::prelude::Set;
/// ```
pub fn watch() -> Watching {
    if WATCHERS.fetch_add(1, Ordering::Relaxed) == 0 {
        for store in super::live_stores_untracked() {
            if let Some(inspector) = store.inspector {
                inspector.begin_watch();
            }
        }
    }
    Watching(())
}

impl Drop for Watching {
    fn drop(&mut self) {
        if WATCHERS.fetch_sub(1, Ordering::Relaxed) == 1 {
            for store in super::live_stores_untracked() {
                if let Some(inspector) = store.inspector {
                    inspector.end_watch();
                }
            }
        }
    }
}
