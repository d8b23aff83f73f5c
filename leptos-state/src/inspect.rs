//! The devtools' entry points on stores and machines: [`ArcStore::inspect`],
//! [`Store::inspect`], their `inspect_any`, and [`Actor::inspect`].
//!
//! They exist whether or not the `devtools` feature is on. Without it they do nothing and
//! compile to nothing, so an app that makes the devtools optional calls them as they are and
//! lets the feature decide (`scripts/wasm-size` checks that a build without the feature holds
//! none of the devtools' code).

use crate::{Actor, ArcStore, Redact, State, Store, machine::StateId};
use serde::{Serialize, de::DeserializeOwned};
use std::fmt::Debug;

impl<S: State + Redact + Serialize + DeserializeOwned> ArcStore<S> {
    /// Lets the devtools show this store's state, log its changes, jump back to a logged
    /// state and import one. Without the `devtools` feature it does nothing, and compiles to
    /// nothing: call it without `#[cfg]`, and let the feature decide.
    ///
    /// Fields marked `#[state(redact)]` are shown, exported and sent to the Redux bridge as
    /// [`REDACTED`](crate::REDACTED), the store's own and those of every `State` struct it
    /// holds (in a field, a list, a map, an `Option`: see [`Redact`]). They are never imported:
    /// an import (the Redux monitor's jumps are imports) keeps their current value, a list's
    /// items taken by position; one
    /// with no current counterpart (an item the store does not have) makes the import fail
    /// with serde's "missing field", unless the field has a `#[serde(default)]`.
    ///
    /// **Cost.** While nothing [watches](crate::devtools::watch) the devtools (the panel is
    /// closed), none: a change checks one flag. While they are watched, each change is logged
    /// (name, origin, time, path; the newest [`LOG_LIMIT`](crate::devtools::LOG_LIMIT)) with a
    /// copy of the state after it (kept for the newest
    /// [`STATE_LIMIT`](crate::devtools::STATE_LIMIT)); nothing is serialized until the
    /// devtools ask. Calling `inspect` again does nothing.
    ///
    /// For a state type without `#[derive(State)]`, use [`inspect_any`](Self::inspect_any).
    ///
    /// # Examples
    ///
    /// ```
    /// # #[cfg(feature = "devtools")] {
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
    /// # }
    /// ```
    pub fn inspect(&self) -> &Self {
        #[cfg(feature = "devtools")]
        crate::devtools::inspect::store(self);
        self
    }
}

impl<S> ArcStore<S>
where
    S: Clone + Send + Sync + Serialize + DeserializeOwned + 'static,
{
    /// [`inspect`](Self::inspect) for any serde type, without redaction.
    pub fn inspect_any(&self) -> &Self {
        #[cfg(feature = "devtools")]
        crate::devtools::inspect::register(self, None);
        self
    }
}

impl<S: State + Redact + Serialize + DeserializeOwned> Store<S> {
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

impl<S, E, C> Actor<S, E, C>
where
    S: StateId,
    E: Clone + Debug + Send + Sync + 'static,
    C: Clone + Debug + Send + Sync + 'static,
{
    /// Shows this machine in the devtools as `name`: its diagram with
    /// the active states, its context (`{:#?}`), its transition log (kept while the devtools
    /// are [watched](crate::devtools::watch)), and a button for each of `events` that sends it,
    /// enabled when [`can`](Self::can) says so.
    ///
    /// The events are listed by the application because a machine's definition matches
    /// events by variant and cannot make one up (a variant may carry data). Calling
    /// `inspect` again does nothing. Without the `devtools` feature it does nothing at all,
    /// and compiles to nothing: call it without `#[cfg]`, and let the feature decide.
    ///
    /// # Examples
    ///
    /// ```
    /// # #[cfg(feature = "devtools")] {
    /// use leptos::prelude::*;
    /// use leptos_state::{Machine, devtools, use_machine};
    ///
    /// #[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
    /// enum Door { Closed, Open }
    /// #[derive(Clone, Debug)]
    /// enum Push { Open, Close }
    ///
    /// # let owner = Owner::new(); owner.set();
    /// let door = use_machine(
    ///     Machine::builder(())
    ///         .initial(Door::Closed)
    ///         .state(Door::Closed, |s| s.on(Push::Open, Door::Open))
    ///         .state(Door::Open, |s| s.on(Push::Close, Door::Closed))
    ///         .build()
    ///         .unwrap(),
    /// );
    /// door.inspect("door", [Push::Open, Push::Close]);
    /// let machine = devtools::live_machines_untracked()
    ///     .into_iter()
    ///     .find(|m| m.name == "door")
    ///     .unwrap();
    /// let events = machine.inspector.events();
    /// assert!(events[0].enabled && !events[1].enabled);
    /// assert!(machine.inspector.send(0));
    /// assert_eq!(machine.inspector.active(), ["Open"]);
    /// # }
    /// ```
    pub fn inspect(&self, name: impl Into<String>, events: impl IntoIterator<Item = E>) -> &Self {
        #[cfg(feature = "devtools")]
        crate::devtools::machine::register(self, name.into(), events.into_iter().collect());
        #[cfg(not(feature = "devtools"))]
        let _ = (name, events);
        self
    }
}
