//! Persisting a machine: [`Actor::persist`] saves its snapshot after each transition.

use super::{
    Backend, Persist, PersistError, PersistOptions,
    persister::{Target, TargetError},
};
use crate::{
    Actor, Inspection, MachineSnapshot, Origin, StateId, machine::actor::ActorInner, sync,
};
use serde::{Serialize, de::DeserializeOwned};
use serde_json::Value;
use std::{
    fmt::Debug,
    sync::{Arc, Mutex, Weak},
};

impl<S, E, C> Actor<S, E, C>
where
    S: StateId + Serialize + DeserializeOwned,
    E: Debug + Send + Sync + 'static,
    C: Clone + Send + Sync + Serialize + DeserializeOwned + 'static,
{
    /// Saves the machine's [snapshot](Self::snapshot) (active states, history, context) to
    /// `backend` after each transition, and restores what it holds now.
    ///
    /// Loading, writing and errors work as for a store (see
    /// [`ArcStore::persist`](crate::ArcStore::persist) and [`Persist`]); a stored snapshot
    /// that names states this machine does not have is refused as unreadable. If the machine
    /// moves before an asynchronous backend has been read, it keeps its own state, and the
    /// next write replaces the stored one.
    ///
    /// # Errors
    ///
    /// As for [`ArcStore::persist`](crate::ArcStore::persist); also
    /// [`PersistError::Unreadable`] if the actor was disposed.
    ///
    /// # Examples
    ///
    /// ```
    /// use leptos_state::{Actor, Machine, Memory, PersistOptions};
    /// use serde::{Deserialize, Serialize};
    ///
    /// #[derive(Clone, Copy, PartialEq, Eq, Hash, Debug, Serialize, Deserialize)]
    /// enum Door { Open, Closed }
    /// #[derive(Debug)]
    /// enum Push { Door }
    ///
    /// let door = || {
    ///     Machine::builder(())
    ///         .initial(Door::Closed)
    ///         .state(Door::Closed, |s| s.on(Push::Door, Door::Open))
    ///         .state(Door::Open, |s| s.on(Push::Door, Door::Closed))
    ///         .build()
    ///         .unwrap()
    /// };
    /// let disk = Memory::new("door");
    /// let first = Actor::new(door());
    /// first.persist(disk.clone(), PersistOptions::new()).unwrap();
    /// first.send(Push::Door);
    ///
    /// let reloaded = Actor::new(door());
    /// reloaded.persist(disk, PersistOptions::new()).unwrap();
    /// assert_eq!(reloaded.state(), [Door::Open]);
    /// ```
    pub fn persist(
        &self,
        backend: impl Backend,
        options: PersistOptions,
    ) -> Result<Persist, PersistError> {
        let Some(inner) = self.live() else {
            return Err(PersistError::Unreadable {
                backend: backend.describe(),
                reason: "the machine was disposed".into(),
            });
        };
        let target = MachineTarget {
            actor: Arc::downgrade(&inner),
            baseline: Mutex::new(None),
        };
        let persister =
            super::persister::Persister::start(Box::new(backend), options, Box::new(target))?;
        let listener = persister.clone();
        if let Some(subscription) = self.observe(move |inspection| {
            if matches!(inspection, Inspection::Transition { .. }) {
                listener.changed(Origin::User);
            }
        }) {
            subscription.detach();
        }
        Ok(Persist { persister })
    }
}

/// How a machine saves and loads its snapshot.
struct MachineTarget<S, E, C> {
    actor: Weak<ActorInner<S, E, C>>,
    /// The snapshot when an asynchronous read began, until it is loaded.
    baseline: Mutex<Option<Value>>,
}

impl<S, E, C> Target for MachineTarget<S, E, C>
where
    S: StateId + Serialize + DeserializeOwned,
    E: Debug + Send + Sync + 'static,
    C: Clone + Send + Sync + Serialize + DeserializeOwned + 'static,
{
    fn save(&self) -> Option<Result<Value, TargetError>> {
        let actor = self.actor.upgrade()?;
        Some(serde_json::to_value(actor.snapshot()).map_err(TargetError::from))
    }

    fn load(&self, state: Value, _origin: Origin, base: &Value) -> Result<(), TargetError> {
        let Some(actor) = self.actor.upgrade() else {
            return Ok(());
        };
        if serde_json::to_value(actor.snapshot())? != *base {
            // The machine moved here since: its own state is newer, and the next write
            // replaces the stored one.
            return Ok(());
        }
        let snapshot: MachineSnapshot<S, C> = serde_json::from_value(state)?;
        Ok(actor.restore(snapshot)?)
    }

    fn remember_baseline(&self) {
        let mut baseline = sync::lock(&self.baseline);
        if baseline.is_none() {
            *baseline = self.save().and_then(Result::ok);
        }
    }

    fn forget_baseline(&self) {
        sync::lock(&self.baseline).take();
    }

    fn baseline(&self) -> Option<Result<Value, TargetError>> {
        match sync::lock(&self.baseline).clone() {
            Some(baseline) => Some(Ok(baseline)),
            None => self.save(),
        }
    }
}
