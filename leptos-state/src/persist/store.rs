//! Persisting a store: [`ArcStore::persist`] and [`Store::persist`], and how a store saves
//! and loads its state.

use super::{
    Backend, Persist, PersistError, PersistOptions,
    persister::{Target, TargetError},
};
use crate::{
    ArcStore, Origin, Path, State, Store,
    edit::Notes,
    slice::diff::diff_state,
    state::{FieldOps, Mask},
    store::{
        inner::{Edited, Outcome, StoreInner},
        revert::Overwritten,
    },
    sync,
    tree::Node,
};
use reactive_graph::traits::WithUntracked;
use serde::{Serialize, de::DeserializeOwned};
use serde_json::Value;
use std::{
    panic::Location,
    sync::{Arc, Mutex, Weak},
};

impl<S: State + Serialize + DeserializeOwned> ArcStore<S> {
    /// Saves the store to `backend` after each change, and loads what it holds now.
    ///
    /// Fields marked `#[state(persist = false)]` are neither written nor loaded: they keep
    /// their value in memory. (They are found by their Rust name in the serialized state, so
    /// do not `#[serde(rename)]` them.)
    ///
    /// **Loading.** A synchronous backend ([`Memory`](super::Memory),
    /// [`WebStorage`](super::WebStorage)) is read before this returns, so the store never shows its default
    /// first. An asynchronous one (`IndexedDb`) is read in the background:
    /// [`Persist::hydrated`] turns `true` when it is done. Changes made before then are kept:
    /// each place (field, row, value in a row) changed here keeps its value, and the rest
    /// takes the stored one. Nothing is written before the stored value has been read.
    ///
    /// The loaded state enters as one change named `"hydrate"`, tagged
    /// [`Origin::Hydration`], which re-runs only the readers of what it changed: middleware
    /// sees it (and may refuse it, which counts as an unreadable value), and history does
    /// not record it. With [tab sync](PersistOptions::sync_tabs), other tabs' writes enter
    /// the same way, as `"sync from another tab"`.
    ///
    /// **Writing.** Changes are coalesced (see [`PersistOptions::delay`]) into one write of
    /// the whole state, at `version`; pending writes are flushed when the page is hidden, and
    /// when the owner of a [`Store`] is cleaned up (call [`Persist::flush`] before dropping
    /// the last handle of an `ArcStore`). Optimistic changes are saved as the state shows
    /// them, pending or not.
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
        let persist = Persist { persister };
        // Published for code that lists stores of every type (the devtools).
        self.inner
            .extensions
            .update(|persisted: &mut Vec<Persist>| persisted.push(persist.clone()));
        Ok(persist)
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
        self.expect_live()
            .persist(backend, options)
            .map(flush_on_cleanup)
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
        self.expect_live()
            .persist_any(backend, options)
            .map(flush_on_cleanup)
    }
}

/// Writes what is pending when the current owner is cleaned up (the component unmounts),
/// before the store it owns is disposed.
fn flush_on_cleanup(persist: Persist) -> Persist {
    let pending = persist.clone();
    reactive_graph::owner::on_cleanup(move || pending.flush());
    persist
}

/// Whether a field is left out of what is persisted.
fn unpersisted(field: &crate::FieldInfo) -> bool {
    !field.persist()
}

/// What another tab changed (what differs between `base` and `loaded`), put into `state`.
/// Where this tab changed the same place since `base`, its change stays: it is written
/// next, over the other tab's. With no change here, `state` becomes `loaded` exactly.
fn merge<S: Clone + Send + Sync + 'static>(
    ops: &FieldOps<S>,
    state: &mut S,
    tree: &Arc<Node>,
    keep_previous: bool,
    base: &S,
    loaded: S,
) -> Outcome<S, (), impl FnOnce(&Arc<Node>) + use<S>> {
    let mine = diff_state(Some(ops), base, state).places();
    let mut notes = Notes::new();
    let (changed, undo) = if mine.is_empty() {
        let theirs = diff_state(Some(ops), state, &loaded);
        if theirs.is_empty() {
            return Outcome::Unchanged(());
        }
        let undo = keep_previous.then(|| theirs.inverse(state, tree));
        *state = loaded;
        notes.push(|| Box::new(move |tree| theirs.notify(tree)));
        (true, undo)
    } else {
        let mut theirs = diff_state(Some(ops), base, &loaded);
        theirs.retain(|edit| {
            let mut apart = true;
            edit.places(&mut |place| apart &= !mine.iter().any(|m| m.overlaps(place)));
            apart
        });
        let (written, undo) = theirs.apply(state, tree, &mut notes, keep_previous);
        (written > 0, keep_previous.then_some(undo))
    };
    if !changed {
        return Outcome::Unchanged(());
    }
    Outcome::Wrote {
        output: (),
        revert: undo.map(Overwritten::edits),
        notify: move |tree: &Arc<Node>| notes.notify(tree),
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

    /// `state` as persistence writes it: `persist = false` fields left out (masked with
    /// their initial values first, so that their live values are never written, even if
    /// serde renames them).
    fn json_of(&self, state: &S, initial: &S) -> Result<Value, TargetError> {
        Ok(match &self.fields {
            Some(ops) => ops.masked_json(state, initial, unpersisted, &Mask::Remove)?,
            None => serde_json::to_value(state)?,
        })
    }

    /// A stored state as a value of the type. Fields that are not stored take their current
    /// value (`current` is the state as JSON, given when there are such fields), so that the type deserializes without
    /// `#[serde(default)]` on them.
    fn complete(&self, mut state: Value, current: Option<&Value>) -> Result<S, TargetError> {
        if let (Value::Object(stored), Some(Value::Object(current))) = (&mut state, current) {
            for name in self.unpersisted() {
                if let Some(value) = current.get(name) {
                    stored.insert(name.to_owned(), value.clone());
                }
            }
        }
        Ok(serde_json::from_value(state)?)
    }

    /// The names of the fields that are not persisted.
    fn unpersisted(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.fields.iter().flat_map(|ops| ops.names(unpersisted))
    }
}

impl<S> Target for StoreTarget<S>
where
    S: Clone + Send + Sync + Serialize + DeserializeOwned + 'static,
{
    fn save(&self) -> Option<Result<Value, TargetError>> {
        let store = self.store()?;
        Some(store.with_untracked(|state| self.json_of(state, store.inner.initial(state))))
    }

    fn baseline(&self) -> Option<Result<Value, TargetError>> {
        let store = self.store()?;
        match sync::lock(&self.baseline).as_ref() {
            Some(baseline) => Some(
                store.with_untracked(|state| self.json_of(baseline, store.inner.initial(state))),
            ),
            None => self.save(),
        }
    }

    fn load(&self, state: Value, origin: Origin, base: &Value) -> Result<(), TargetError> {
        let Some(store) = self.store() else {
            return Ok(());
        };
        // The current state as JSON, only where something reads it: a load is a full
        // serialization otherwise spared.
        let current = if self.unpersisted().next().is_some() || self.fields.is_none() {
            Some(store.with_untracked(|state| serde_json::to_value(state))?)
        } else {
            None
        };
        let current = current.as_ref();
        let loaded = self.complete(state, current)?;
        let action = if origin == Origin::Sync {
            "sync from another tab"
        } else {
            "hydrate"
        };
        let Some(ops) = &self.fields else {
            // One value: this tab's, if it changed here since `base` (and is written
            // next), else the stored one.
            let changed_here = store
                .with_untracked(|state| self.json_of(state, store.inner.initial(state)))
                .is_ok_and(|now| now != *base);
            if changed_here {
                return Ok(());
            }
            return store
                .inner
                .commit_whole(action.into(), origin, Location::caller(), |state, keep| {
                    let previous = std::mem::replace(state, loaded);
                    ((), Edited::Wrote(keep.previous.then_some(previous)))
                })
                .map_err(TargetError::from);
        };
        let base = self.complete(base.clone(), current)?;
        store
            .inner
            .commit(
                || (action.into(), Path::ROOT),
                origin,
                Location::caller(),
                |state, tree, keep| Ok(merge(ops, state, tree, keep.previous, &base, loaded)),
            )
            .map_err(TargetError::from)
    }

    fn forget_baseline(&self) {
        sync::lock(&self.baseline).take();
    }

    fn remember_baseline(&self) {
        let mut baseline = sync::lock(&self.baseline);
        if baseline.is_none()
            && let Some(store) = self.store()
        {
            *baseline = Some(store.with_untracked(S::clone));
        }
    }
}
