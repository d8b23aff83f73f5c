//! [`ErasedHistory`]: a store's undo history whatever its state type, published in the
//! store's extensions for code that lists stores of every type (the devtools).

#![allow(
    dead_code,
    reason = "read by the devtools, which list stores and machines of every type"
)]

use super::recorder::Recorder;
use crate::{ArcStore, StoreError, store::StoreInner};
use std::{
    borrow::Cow,
    panic::Location,
    sync::{Arc, Weak},
};

/// The history's operations that need no state type.
pub(crate) trait AnyHistory: Send + Sync + 'static {
    /// What each undo step undoes (oldest first) and each redo step redoes (next first);
    /// tracked.
    fn labels(&self) -> (Vec<String>, Vec<String>);
    fn limit(&self) -> usize;
    /// Tracked.
    fn is_paused(&self) -> bool;
    fn set_paused(&self, paused: bool);
    fn jump(&self, steps: isize, location: &'static Location<'static>) -> Result<(), StoreError>;
    fn clear(&self);
}

/// The history of a store, its state type erased; holds both weakly.
#[derive(Clone)]
pub(crate) struct ErasedHistory(pub(crate) Arc<dyn AnyHistory>);

impl ErasedHistory {
    pub(crate) fn new<S: Clone + Send + Sync + 'static>(
        store: &Arc<StoreInner<S>>,
        recorder: &Arc<Recorder<S>>,
    ) -> Self {
        ErasedHistory(Arc::new(HistoryOf {
            store: Arc::downgrade(store),
            recorder: Arc::downgrade(recorder),
            defined_at: store.defined_at,
        }))
    }
}

struct HistoryOf<S> {
    store: Weak<StoreInner<S>>,
    recorder: Weak<Recorder<S>>,
    defined_at: &'static Location<'static>,
}

impl<S: Clone + Send + Sync + 'static> AnyHistory for HistoryOf<S> {
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
