//! Persisting a store: [`ArcStore::persist`] and [`Store::persist`], and how a store saves
//! and loads its state.

use super::{Backend, Persist, PersistError, PersistOptions, persister::Target};
use crate::{
    ArcStore, Origin, State, Store,
    history::recorder::FieldOps,
    store::{inner::Edited, inner::StoreInner},
};
use reactive_graph::traits::WithUntracked;
use serde::{Serialize, de::DeserializeOwned};
use serde_json::Value;
use std::{
    panic::Location,
    sync::{Mutex, PoisonError, Weak},
};

impl<S: State + Serialize + DeserializeOwned> ArcStore<S> {
    /// Saves the store to `backend` after each change, and loads what it holds now.
    ///
    /// Fields marked `#[state(persist = false)]` are neither written nor loaded: they keep
    /// their value in memory. (They are found by their Rust name in the serialized state, so
    /// do not `#[serde(rename)]` them.)
    ///
    /// **Loading.** A synchronous backend ([`Memory`](super::Memory), `LocalStorage`,
    /// `SessionStorage`) is read before this returns, so the store never shows its default
    /// first. An asynchronous one (`IndexedDb`) is read in the background:
    /// [`Persist::hydrated`] turns `true` when it is done. Changes made before then are kept:
    /// each field that changed keeps its value, and only the fields that did not change take
    /// the stored one. Nothing is written before the stored value has been read.
    ///
    /// The loaded state enters as one change named `"hydrate"`, tagged
    /// [`Origin::Hydration`]: middleware sees it (and may refuse it, which counts as an
    /// unreadable value), and history does not record it.
    ///
    /// **Writing.** Changes are coalesced (see [`PersistOptions::delay`]) into one write of
    /// the whole state, at `version`; pending writes are flushed when the page is hidden.
    /// See [`Persist`] for what happens when reading, checking or writing fails.
    ///
    /// # Errors
    ///
    /// [`PersistError::Options`] for contradictory options, and
    /// [`PersistError::SyncUnsupported`] when tab sync is asked of a backend that cannot
    /// watch. Nothing is attached then.
    ///
    /// # Examples
    ///
    /// ```
    /// use leptos_state::{ArcStore, Memory, PersistOptions, State};
    /// use serde::{Deserialize, Serialize};
    /// # use leptos::prelude::GetUntracked;
    ///
    /// #[derive(State, Clone, Default, Serialize, Deserialize)]
    /// struct Session {
    ///     user: String,
    ///     #[state(persist = false)]
    ///     token: String,
    /// }
    ///
    /// let disk = Memory::new("session");
    /// let store = ArcStore::new(Session::default());
    /// store.persist(disk.clone(), PersistOptions::new()).unwrap();
    /// store.user().set("ada".into());
    /// store.token().set("secret".into());
    /// assert_eq!(disk.raw().unwrap(), r#"{"state":{"user":"ada"},"version":1}"#);
    ///
    /// let reloaded = ArcStore::new(Session::default());
    /// let persist = reloaded.persist(disk, PersistOptions::new()).unwrap();
    /// assert!(persist.hydrated_untracked());
    /// assert_eq!(reloaded.user().get_untracked(), "ada");
    /// assert_eq!(reloaded.token().get_untracked(), "");
    /// # use leptos::prelude::Set;
    /// ```
    pub fn persist(
        &self,
        backend: impl Backend,
        options: PersistOptions,
    ) -> Result<Persist, PersistError> {
        self.persist_with(backend, options, Some(FieldOps::of()))
    }
}

impl<S> ArcStore<S>
where
    S: Clone + Send + Sync + Serialize + DeserializeOwned + 'static,
{
    /// Persists a store whose type does not derive [`State`] (a number, an enum, a `Vec`),
    /// as [`persist`](Self::persist) does. The whole value is saved and loaded; if it changed
    /// before an asynchronous backend was read, it keeps its value and the stored one is
    /// overwritten by the next write.
    ///
    /// # Errors
    ///
    /// As for [`persist`](Self::persist).
    pub fn persist_any(
        &self,
        backend: impl Backend,
        options: PersistOptions,
    ) -> Result<Persist, PersistError> {
        self.persist_with(backend, options, None)
    }

    fn persist_with(
        &self,
        backend: impl Backend,
        options: PersistOptions,
        fields: Option<FieldOps<S>>,
    ) -> Result<Persist, PersistError> {
        let target = StoreTarget {
            store: std::sync::Arc::downgrade(&self.inner),
            fields,
            baseline: Mutex::new(None),
        };
        let persister =
            super::persister::Persister::start(Box::new(backend), options, Box::new(target))?;
        let listener = persister.clone();
        self.subscribe(move |change| listener.changed(change.origin()))
            .detach();
        Ok(Persist { persister })
    }
}

impl<S: State + Serialize + DeserializeOwned> Store<S> {
    /// Persists the store: see [`ArcStore::persist`].
    ///
    /// # Errors
    ///
    /// As for [`ArcStore::persist`].
    ///
    /// # Panics
    ///
    /// If the store's owner was disposed.
    #[track_caller]
    pub fn persist(
        &self,
        backend: impl Backend,
        options: PersistOptions,
    ) -> Result<Persist, PersistError> {
        self.expect_live().persist(backend, options)
    }
}

impl<S> Store<S>
where
    S: Clone + Send + Sync + Serialize + DeserializeOwned + 'static,
{
    /// Persists a store whose type does not derive [`State`]: see
    /// [`ArcStore::persist_any`].
    ///
    /// # Errors
    ///
    /// As for [`ArcStore::persist`].
    ///
    /// # Panics
    ///
    /// If the store's owner was disposed.
    #[track_caller]
    pub fn persist_any(
        &self,
        backend: impl Backend,
        options: PersistOptions,
    ) -> Result<Persist, PersistError> {
        self.expect_live().persist_any(backend, options)
    }
}

/// How a store saves and loads its state.
struct StoreTarget<S> {
    store: Weak<StoreInner<S>>,
    /// The fields of a `State` type, to skip `persist = false` ones and merge field by field.
    fields: Option<FieldOps<S>>,
    /// The state when an asynchronous read began, until it is loaded.
    baseline: Mutex<Option<S>>,
}

impl<S> StoreTarget<S>
where
    S: Clone + Send + Sync + Serialize + DeserializeOwned + 'static,
{
    fn store(&self) -> Option<ArcStore<S>> {
        self.store.upgrade().map(|inner| ArcStore { inner })
    }

    /// The names of the fields that are not persisted.
    fn unpersisted(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.fields
            .iter()
            .flat_map(|ops| ops.fields.iter())
            .filter(|field| !field.persist())
            .map(|field| field.name())
    }
}

impl<S> Target for StoreTarget<S>
where
    S: Clone + Send + Sync + Serialize + DeserializeOwned + 'static,
{
    fn save(&self) -> Option<Result<Value, String>> {
        let store = self.store()?;
        let state = store.with_untracked(|state| serde_json::to_value(state));
        Some(state.map_err(|err| err.to_string()).map(|mut state| {
            if let Value::Object(fields) = &mut state {
                for name in self.unpersisted() {
                    fields.remove(name);
                }
            }
            state
        }))
    }

    fn load(&self, mut state: Value, origin: Origin, changed: bool) -> Result<(), String> {
        let Some(store) = self.store() else {
            return Ok(());
        };
        // Fields that are not stored take their current value, so that the type
        // deserializes without `#[serde(default)]` on them.
        if self.unpersisted().next().is_some()
            && let Value::Object(stored) = &mut state
        {
            let current = store
                .with_untracked(|state| serde_json::to_value(state))
                .map_err(|err| err.to_string())?;
            if let Value::Object(current) = current {
                for name in self.unpersisted() {
                    if let Some(value) = current.get(name) {
                        stored.insert(name.to_owned(), value.clone());
                    }
                }
            }
        }
        let loaded: S = serde_json::from_value(state).map_err(|err| err.to_string())?;
        let baseline = if origin == Origin::Hydration {
            self.baseline
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .take()
        } else {
            None
        };
        if origin == Origin::Hydration && changed && self.fields.is_none() {
            // A whole value changed before loading: the change is newer than what is stored.
            return Ok(());
        }
        let action = if origin == Origin::Sync {
            "sync from another tab"
        } else {
            "hydrate"
        };
        store
            .inner
            .commit_whole(
                action.into(),
                origin,
                Location::caller(),
                |state, keep_previous| {
                    let mut next = loaded;
                    if let Some(ops) = &self.fields {
                        for field in ops.fields {
                            let index = field.index();
                            let changed_since = match &baseline {
                                Some(baseline) => !(ops.eq)(state, baseline, index),
                                None => changed && origin == Origin::Hydration,
                            };
                            if !field.persist() || changed_since {
                                (ops.copy)(&mut next, state, index);
                            }
                        }
                    }
                    let previous = std::mem::replace(state, next);
                    ((), Edited::Wrote(keep_previous.then_some(previous)))
                },
            )
            .map_err(|err| err.to_string())
    }

    fn remember_baseline(&self) {
        if self.fields.is_none() {
            return;
        }
        let mut baseline = self.baseline.lock().unwrap_or_else(PoisonError::into_inner);
        if baseline.is_none()
            && let Some(store) = self.store()
        {
            *baseline = Some(store.with_untracked(S::clone));
        }
    }
}
