//! Whether anything shows the devtools now: while nothing does, inspected stores keep no
//! copies of their state and serialize nothing.

use std::sync::atomic::{AtomicUsize, Ordering};

static WATCHERS: AtomicUsize = AtomicUsize::new(0);

/// Whether a [`Watching`] guard is alive.
pub(crate) fn is_watched() -> bool {
    WATCHERS.load(Ordering::Relaxed) > 0
}

/// Proof that something shows the devtools (an open panel, a connected extension). While one
/// is alive, every [inspected](crate::ArcStore::inspect) store keeps the state after each
/// change in its log, so that the devtools can diff it and jump back to it; once the last one
/// is dropped, stores go back to logging only names, origins and times.
///
/// Get one with [`watch`].
#[must_use = "the devtools stop keeping states when this is dropped"]
#[derive(Debug)]
pub struct Watching(());

/// Starts keeping states in every inspected store's log, until the returned guard is dropped.
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
/// store.n().set(1); // logged without its state
/// let watching = devtools::watch();
/// store.n().set(2); // logged with its state
/// let inspector = devtools::live_stores_untracked()
///     .into_iter()
///     .find(|s| s.name == "Count")
///     .and_then(|s| s.inspector)
///     .unwrap();
/// let log = inspector.log_untracked();
/// assert!(!log[0].has_state() && log[1].has_state());
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
