//! Registering a store with the devtools: what [`ArcStore::inspect`] does with the feature
//! on.

use super::{
    Inspector,
    inspector::{Redaction, StoreInspector},
    log::Log,
    watch,
};
use crate::{ArcStore, Redact, State, sync};
use serde::{Serialize, de::DeserializeOwned};
use std::sync::Arc;

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
    store.inner.extensions.insert(inspector);
}
