//! Stores and machines shared between a server render and the browser that hydrates it:
//! [`ArcStore::new_shared`], [`Store::new_shared`], [`Actor::new_shared`] and
//! [`use_machine_shared`].
//!
//! On the server, the state is written into the page with Leptos' own hydration context
//! (the mechanism behind its resources and `SharedValue`): what the store or machine holds
//! when the response's data is written out, so changes made while rendering go too. While the
//! browser hydrates, the store or machine starts from what the server sent instead of
//! running `initial`, so the first render matches the server's HTML. Anywhere else (a
//! client-rendered app, a store made after hydration) `initial` runs as for `new`.

use crate::{
    Actor, ArcStore, Machine, MachineSnapshot, StateId, Store,
    render::{self, Rendering},
};
use hydration_context::{SerializedDataId, SharedContext};
use reactive_graph::traits::WithUntracked;
use serde::{Serialize, de::DeserializeOwned};
use std::{borrow::Cow, fmt::Debug, sync::Arc};

/// Where a value shared with the hydrating browser goes, or comes from.
struct Slot {
    context: Arc<dyn SharedContext + Send + Sync>,
    id: SerializedDataId,
}

impl Slot {
    /// The next slot of the current render, when one is under way: the server and the
    /// hydrating browser take slots in the same order, as they run the same components.
    fn next() -> Option<Slot> {
        let context = render::shared_context()?;
        let id = context.next_id();
        Some(Slot { context, id })
    }

    /// What the server sent in this slot, while the browser hydrates. A slot the server
    /// left empty or filled with something else is reported, and `None`.
    fn received<T: DeserializeOwned>(&self, what: &str) -> Option<T> {
        if render::rendering() != Rendering::Hydrating {
            return None;
        }
        let Some(data) = self.context.read_data(&self.id) else {
            log::error!(
                target: "leptos_state",
                "the server sent no state for {what}: it starts from its initial state, and \
                 the page may not match the server's HTML"
            );
            return None;
        };
        match serde_json::from_str(&data) {
            Ok(value) => Some(value),
            Err(error) => {
                log::error!(
                    target: "leptos_state",
                    "the state the server sent for {what} cannot be read ({error}): it starts \
                     from its initial state, and the page may not match the server's HTML"
                );
                None
            }
        }
    }

    /// On the server, sends what `current` gives when the page's data is written out.
    fn send<T: Serialize>(
        &self,
        what: String,
        current: impl FnOnce() -> Option<T> + Send + Sync + 'static,
    ) {
        if render::rendering() != Rendering::Server || !self.context.get_is_hydrating() {
            return;
        }
        self.context.write_async(
            self.id.clone(),
            Box::pin(async move {
                let value = current();
                serde_json::to_string(&value).unwrap_or_else(|error| {
                    log::error!(
                        target: "leptos_state",
                        "the state of {what} cannot be sent to the browser ({error})"
                    );
                    "null".to_owned()
                })
            }),
        );
    }
}

impl<S> ArcStore<S>
where
    S: Clone + Send + Sync + Serialize + DeserializeOwned + 'static,
{
    /// A store whose state a server render sends to the browser with the HTML, named after
    /// its type: see [`new_shared_named`](Self::new_shared_named).
    #[track_caller]
    pub fn new_shared(initial: impl FnOnce() -> S) -> Self {
        let name = crate::store::short_type_name(std::any::type_name::<S>());
        Self::new_shared_named(name, initial)
    }

    /// A store whose state a server render sends to the browser with the HTML, so that the
    /// hydrating page starts from it instead of running `initial` again: the first render
    /// matches the server's HTML, with no flash of the default state.
    ///
    /// - **On the server** `initial` runs (load the data there), and the state the store holds
    ///   when the response's data is written out goes into the page, through Leptos'
    ///   hydration context, as a resource's data does.
    /// - **While the browser hydrates**, the store starts from that state and `initial` does
    ///   not run. If the page carries no state for it (the server and the browser made their
    ///   shared stores in a different order), `initial` runs and an error is logged.
    /// - **Anywhere else** (a client-rendered app, a store made after hydration, a native
    ///   test) it is [`new_named`](Self::new_named) with `initial()`.
    ///
    /// Make shared stores where the server and the browser both run the same code, in the
    /// same order: in a component, as `provide_store(Store::new_shared(...))`.
    ///
    /// # Examples
    ///
    /// ```
    /// use leptos_state::ArcStore;
    ///
    /// // In a client-rendered app or a test, the same as `ArcStore::new_named`.
    /// let todos = ArcStore::new_shared_named("todos", || vec!["buy milk".to_string()]);
    /// assert_eq!(todos.get_untracked(), ["buy milk"]);
    /// # use leptos::prelude::GetUntracked;
    /// ```
    #[track_caller]
    pub fn new_shared_named(
        name: impl Into<Cow<'static, str>>,
        initial: impl FnOnce() -> S,
    ) -> Self {
        let name = name.into();
        let what = format!("store `{name}`");
        let slot = Slot::next();
        let received = slot.as_ref().and_then(|slot| slot.received::<S>(&what));
        let store = ArcStore::new_named(name, received.unwrap_or_else(initial));
        if let Some(slot) = slot {
            let sent = store.clone();
            slot.send(what, move || Some(sent.with_untracked(S::clone)));
        }
        store
    }
}

impl<S> Store<S>
where
    S: Clone + Send + Sync + Serialize + DeserializeOwned + 'static,
{
    /// [`ArcStore::new_shared`], owned by the current owner.
    #[track_caller]
    pub fn new_shared(initial: impl FnOnce() -> S) -> Self {
        Store::from_arc(ArcStore::new_shared(initial))
    }

    /// [`ArcStore::new_shared_named`], owned by the current owner.
    #[track_caller]
    pub fn new_shared_named(
        name: impl Into<Cow<'static, str>>,
        initial: impl FnOnce() -> S,
    ) -> Self {
        Store::from_arc(ArcStore::new_shared_named(name, initial))
    }
}

impl<S, E, C> Actor<S, E, C>
where
    S: StateId + Serialize + DeserializeOwned,
    E: Debug + Send + Sync + 'static,
    C: Clone + Send + Sync + Serialize + DeserializeOwned + 'static,
{
    /// Starts `machine` as [`new`](Self::new) does, sharing its snapshot between a server
    /// render and the hydrating browser: on the server, the snapshot the machine has when the
    /// response's data is written out (after the events sent while rendering) goes into the
    /// page; while the browser hydrates, the machine is restored from it before anything
    /// reads it, so the first render matches the server's HTML. A snapshot that does not fit
    /// the machine is reported and the machine starts in its initial states. Anywhere else it
    /// is `new`.
    #[track_caller]
    pub fn new_shared(machine: Machine<S, E, C>) -> Self {
        let actor = Actor::new(machine);
        let Some(slot) = Slot::next() else {
            return actor;
        };
        let what = format!("the machine created at {}", std::panic::Location::caller());
        if let Some(snapshot) = slot.received::<MachineSnapshot<S, C>>(&what)
            && let Err(error) = actor.restore(snapshot)
        {
            log::error!(
                target: "leptos_state",
                "the snapshot the server sent for {what} does not fit it ({error}): it starts \
                 in its initial states"
            );
        }
        let sent = actor.live().as_ref().map(Arc::downgrade);
        slot.send(what, move || Some(sent?.upgrade()?.snapshot()));
        actor
    }
}

/// [`Actor::new_shared`] in a component: a machine whose snapshot the server sends to the
/// hydrating browser.
#[track_caller]
pub fn use_machine_shared<S, E, C>(machine: Machine<S, E, C>) -> Actor<S, E, C>
where
    S: StateId + Serialize + DeserializeOwned,
    E: Debug + Send + Sync + 'static,
    C: Clone + Send + Sync + Serialize + DeserializeOwned + 'static,
{
    Actor::new_shared(machine)
}
