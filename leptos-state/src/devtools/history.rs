//! [`HistoryInspector`]: a store's undo history, as the devtools show and drive it.

use crate::{ArcStore, StoreError, history::recorder::Recorder, store::inner::StoreInner};
use std::{
    borrow::Cow,
    fmt,
    panic::Location,
    sync::{Arc, Weak},
};

/// The undo and redo steps of a store with a [`History`](crate::History), whatever its
/// state type: found in [`StoreInfo::history`](super::StoreInfo::history).
///
/// Undo, redo and jumps made here are the history's own: changes tagged
/// [`Origin::Undo`](crate::Origin::Undo) and [`Origin::Redo`](crate::Origin::Redo), as if
/// the application had made them.
#[derive(Clone)]
pub struct HistoryInspector {
    inner: Arc<dyn InspectHistory>,
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

    pub(crate) fn new<S: Clone + Send + Sync + 'static>(
        store: &Arc<StoreInner<S>>,
        recorder: &Arc<Recorder<S>>,
    ) -> Self {
        HistoryInspector {
            inner: Arc::new(HistoryOf {
                store: Arc::downgrade(store),
                recorder: Arc::downgrade(recorder),
                defined_at: store.defined_at,
            }),
        }
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

trait InspectHistory: Send + Sync + 'static {
    fn labels(&self) -> (Vec<String>, Vec<String>);
    fn limit(&self) -> usize;
    fn is_paused(&self) -> bool;
    fn set_paused(&self, paused: bool);
    fn jump(&self, steps: isize, location: &'static Location<'static>) -> Result<(), StoreError>;
    fn clear(&self);
}

struct HistoryOf<S> {
    store: Weak<StoreInner<S>>,
    recorder: Weak<Recorder<S>>,
    defined_at: &'static Location<'static>,
}

impl<S: Clone + Send + Sync + 'static> InspectHistory for HistoryOf<S> {
    fn labels(&self) -> (Vec<String>, Vec<String>) {
        let Some(recorder) = self.recorder.upgrade() else {
            return Default::default();
        };
        recorder.track();
        recorder.labels()
    }

    fn limit(&self) -> usize {
        self.recorder
            .upgrade()
            .map_or(0, |recorder| recorder.limit())
    }

    fn is_paused(&self) -> bool {
        self.recorder.upgrade().is_some_and(|recorder| {
            recorder.track();
            recorder.lock().paused
        })
    }

    fn set_paused(&self, paused: bool) {
        if let Some(recorder) = self.recorder.upgrade() {
            recorder.set_paused(paused);
        }
    }

    fn jump(&self, steps: isize, location: &'static Location<'static>) -> Result<(), StoreError> {
        match (self.store.upgrade(), self.recorder.upgrade()) {
            (Some(inner), Some(recorder)) => recorder.jump(&ArcStore { inner }, steps, location),
            _ => Err(StoreError::Disposed {
                type_name: std::any::type_name::<S>(),
                action: Cow::Borrowed(if steps < 0 { "undo" } else { "redo" }),
                defined_at: Some(self.defined_at),
            }),
        }
    }

    fn clear(&self) {
        if let Some(recorder) = self.recorder.upgrade() {
            recorder.clear();
        }
    }
}
