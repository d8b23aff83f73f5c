//! [`HistoryInspector`]: a store's undo history, as the devtools show and drive it.

use crate::{
    StoreError,
    history::erased::{AnyHistory, ErasedHistory},
};
use std::{fmt, panic::Location, sync::Arc};

/// The undo and redo steps of a store with a [`History`](crate::History), whatever its
/// state type: found in [`StoreInfo::history`](super::StoreInfo::history).
///
/// Undo, redo and jumps made here are the history's own: changes tagged
/// [`Origin::Undo`](crate::Origin::Undo) and [`Origin::Redo`](crate::Origin::Redo), as if
/// the application had made them.
#[derive(Clone)]
pub struct HistoryInspector {
    inner: Arc<dyn AnyHistory>,
}

impl HistoryInspector {
    /// What each step that can be undone undoes, oldest first. Reactive.
    pub fn past_steps(&self) -> Vec<String> {
        self.inner.labels().0
    }

    /// What each step that can be redone redoes, the next one first. Reactive.
    pub fn future_steps(&self) -> Vec<String> {
        self.inner.labels().1
    }

    /// The most steps the history keeps.
    pub fn limit(&self) -> usize {
        self.inner.limit()
    }

    /// Whether recording is paused. Reactive.
    pub fn is_paused(&self) -> bool {
        self.inner.is_paused()
    }

    /// Pauses recording (`true`) or resumes it.
    pub fn set_paused(&self, paused: bool) {
        self.inner.set_paused(paused);
    }

    /// Undoes `-steps` steps or redoes `steps`: see [`History::jump`](crate::History::jump).
    ///
    /// # Errors
    ///
    /// As for [`History::jump`](crate::History::jump), and [`StoreError::Disposed`] once the
    /// store is dropped.
    #[track_caller]
    pub fn jump(&self, steps: isize) -> Result<(), StoreError> {
        self.inner.jump(steps, Location::caller())
    }

    /// Drops every undo and redo step.
    pub fn clear(&self) {
        self.inner.clear();
    }

    pub(crate) fn new(history: ErasedHistory) -> Self {
        HistoryInspector { inner: history.0 }
    }
}

impl PartialEq for HistoryInspector {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.inner, &other.inner)
    }
}

impl Eq for HistoryInspector {}

impl fmt::Debug for HistoryInspector {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HistoryInspector").finish_non_exhaustive()
    }
}
