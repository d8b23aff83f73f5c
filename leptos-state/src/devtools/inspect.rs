//! Registering a store with the devtools: what [`ArcStore::inspect`] does with the feature
//! on.

use super::{
    Inspector,
    inspector::{Redaction, StoreInspector},
    log::Log,
    watch,
};
use crate::{ArcStore, Redact, State, store::ShownState, sync};
use reactive_graph::graph::untrack;
use serde::{Serialize, de::DeserializeOwned};
use std::{cell::Cell, sync::Arc};

thread_local! {
    /// Whether an inspected store's `Debug` tracks the store: only while the devtools show a
    /// machine's context, so that the view follows the stores in it. An application's own
    /// `Debug` of a store never subscribes its reactive observer.
    static DEBUG_TRACKED: Cell<bool> = const { Cell::new(false) };
}

/// Runs `show` with inspected stores' `Debug` tracked; the flag is put back even if `show`
/// panics.
pub(crate) fn debug_tracked<R>(show: impl FnOnce() -> R) -> R {
    struct Restore(bool);
    impl Drop for Restore {
        fn drop(&mut self) {
            DEBUG_TRACKED.set(self.0);
        }
    }
    let _restore = Restore(DEBUG_TRACKED.replace(true));
    show()
}

/// [`ArcStore::inspect`]: with the redaction of the fields marked `#[state(redact)]`.
pub(crate) fn store<S: State + Redact + Serialize + DeserializeOwned>(store: &ArcStore<S>) {
    register(store, Some(Redaction::of()));
}

/// [`ArcStore::inspect_any`], and the rest of [`store`]: attaches the log and publishes the
/// inspector, unless the store has one already.
pub(crate) fn register<S>(store: &ArcStore<S>, redact: Option<Redaction<S>>)
where
    S: Clone + Send + Sync + Serialize + DeserializeOwned + 'static,
{
    let Ok(log) = store.inner.attach_add_on(Arc::new(Log::new())) else {
        return;
    };
    let inspector = Inspector::new(Arc::new(StoreInspector {
        store: Arc::downgrade(&store.inner),
        log: log.clone(),
        name: store.inner.name().to_string(),
        redact,
    }));
    if watch::is_watched() {
        let state = sync::read(&store.inner.value);
        log.begin_watch(S::clone(&state));
    }
    let shown = inspector.clone();
    store.inner.extensions.insert(ShownState(Arc::new(move || {
        if DEBUG_TRACKED.get() {
            shown.track();
        }
        untrack(|| shown.state_now())
    })));
    store.inner.extensions.insert(inspector);
}
