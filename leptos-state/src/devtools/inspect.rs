//! [`ArcStore::inspect`] and [`Store::inspect`]: letting the devtools show and change a store.

use super::{Inspector, inspector::StoreInspector, log::Log, watch};
use crate::{ArcStore, State, Store, state::FieldOps, sync};
use serde::{Serialize, de::DeserializeOwned};
use std::sync::Arc;

impl<S: State + Serialize + DeserializeOwned> ArcStore<S> {
    /// Lets the devtools show this store's state, log its changes, jump back to a logged
    /// state and import one (feature `devtools`).
    ///
    /// Fields marked `#[state(redact)]` are shown and exported as
    /// [`REDACTED`](super::REDACTED) and never imported: an import keeps their current value.
    /// Only the store's own fields are redacted, not those of a nested struct: mark the
    /// field that holds the nested struct. (They are found by their Rust name in the
    /// serialized state, so do not `#[serde(rename)]` them: a renamed one shows its initial
    /// value.)
    ///
    /// **Cost.** While nothing [watches](super::watch) the devtools (the panel is closed),
    /// none: a change checks one flag. While they are watched, each change is logged (name,
    /// origin, time, path; the newest [`LOG_LIMIT`](super::LOG_LIMIT)) with a copy of the
    /// state after it (kept for the newest [`STATE_LIMIT`](super::STATE_LIMIT)); nothing is
    /// serialized until the devtools ask. Calling `inspect` again does nothing.
    ///
    /// For a state type without `#[derive(State)]`, use [`inspect_any`](Self::inspect_any).
    ///
    /// # Examples
    ///
    /// ```
    /// use leptos_state::{ArcStore, State, devtools};
    /// use serde::{Deserialize, Serialize};
    ///
    /// #[derive(State, Clone, Default, Serialize, Deserialize)]
    /// struct Session {
    ///     user: String,
    ///     #[state(redact)]
    ///     token: String,
    /// }
    ///
    /// let store = ArcStore::new_named("session", Session::default());
    /// store.inspect();
    /// store.token().set("secret".into());
    ///
    /// let inspector = devtools::live_stores_untracked()
    ///     .into_iter()
    ///     .find(|s| s.name == "session")
    ///     .and_then(|s| s.inspector)
    ///     .unwrap();
    /// let shown = inspector.state().unwrap();
    /// assert_eq!(shown["token"], devtools::REDACTED);
    /// assert!(!inspector.export().unwrap().contains("secret"));
    /// # use leptos::prelude::Set;
    /// ```
    pub fn inspect(&self) -> &Self {
        let redacts = S::FIELDS.iter().any(|field| field.redact());
        self.inspect_with(redacts.then(FieldOps::of))
    }
}

impl<S> ArcStore<S>
where
    S: Clone + Send + Sync + Serialize + DeserializeOwned + 'static,
{
    /// [`inspect`](Self::inspect) for any serde type, without redaction.
    pub fn inspect_any(&self) -> &Self {
        self.inspect_with(None)
    }

    fn inspect_with(&self, redact: Option<FieldOps<S>>) -> &Self {
        let Ok(log) = self.inner.attach_add_on(Arc::new(Log::new())) else {
            return self;
        };
        let inspector = Inspector::new(Arc::new(StoreInspector {
            store: Arc::downgrade(&self.inner),
            log: log.clone(),
            name: self.inner.name().to_string(),
            redact,
        }));
        if watch::is_watched() {
            let state = sync::read(&self.inner.value);
            log.begin_watch(S::clone(&state));
        }
        self.inner.extensions.insert(inspector);
        self
    }
}

impl<S: State + Serialize + DeserializeOwned> Store<S> {
    /// See [`ArcStore::inspect`].
    ///
    /// # Panics
    ///
    /// Panics if the store's owner has been disposed.
    #[track_caller]
    pub fn inspect(&self) -> &Self {
        self.expect_live().inspect();
        self
    }
}

impl<S> Store<S>
where
    S: Clone + Send + Sync + Serialize + DeserializeOwned + 'static,
{
    /// See [`ArcStore::inspect_any`].
    ///
    /// # Panics
    ///
    /// Panics if the store's owner has been disposed.
    #[track_caller]
    pub fn inspect_any(&self) -> &Self {
        self.expect_live().inspect_any();
        self
    }
}
