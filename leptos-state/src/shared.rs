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
    clock::default_clock,
    render::{self, Rendering},
};
use hydration_context::{SerializedDataId, SharedContext};
use reactive_graph::traits::WithUntracked;
use serde::{Deserialize, Deserializer, Serialize, de::DeserializeOwned};
use std::{any::type_name, borrow::Cow, fmt::Debug, sync::Arc};

/// Where a value shared with the hydrating browser goes, or comes from.
///
/// The page carries `{"shared": tag, "value": ...}` (or `"error"` when the server could not
/// serialize it): the tag names what the value belongs to, so that a browser which took its
/// slots in another order than the server finds out, instead of starting a store from
/// another's state.
struct Slot {
    context: Arc<dyn SharedContext + Send + Sync>,
    id: SerializedDataId,
    tag: String,
}

impl Slot {
    /// The next slot of the current render, when one is under way, for what `tag` names: the
    /// server and the hydrating browser take slots in the same order, as they run the same
    /// components.
    fn next(tag: String) -> Option<Slot> {
        let context = render::shared_context()?;
        let id = context.next_id();
        Some(Slot { context, id, tag })
    }

    /// What the server sent in this slot, while the browser hydrates. A slot the server
    /// left empty, filled for something else, or with a value that does not read as a `T`
    /// is reported, and `None`.
    fn received<T: DeserializeOwned>(&self) -> Option<T> {
        if render::rendering() != Rendering::Hydrating {
            return None;
        }
        let tag = &self.tag;
        let Some(data) = self.context.read_data(&self.id) else {
            report(&format!(
                "the server sent no state for {tag}: it starts from its initial state, and the \
                 page may not match the server's HTML"
            ));
            return None;
        };
        match open_envelope(&data, tag) {
            Ok(value) => Some(value),
            Err(why) => {
                report(&format!(
                    "the state the server sent for {tag} cannot be used ({why}): it starts from \
                     its initial state, and the page may not match the server's HTML"
                ));
                None
            }
        }
    }

    /// On the server, sends what `current` gives when the page's data is written out.
    fn send<T: Serialize>(self, current: impl FnOnce() -> Option<T> + Send + Sync + 'static) {
        if render::rendering() != Rendering::Server || !self.context.get_is_hydrating() {
            return;
        }
        let Slot { context, id, tag } = self;
        context.write_async(
            id,
            Box::pin(async move {
                let sent = |value, error| {
                    let sent = Sent {
                        shared: &tag,
                        value,
                        error,
                    };
                    serde_json::to_string(&sent)
                };
                let value = current();
                let error = match &value {
                    Some(value) => match sent(Some(value), None) {
                        Ok(sent) => return sent,
                        Err(error) => error.to_string(),
                    },
                    None => "it was disposed".to_owned(),
                };
                report(&format!(
                    "the state of {tag} cannot be sent to the browser ({error})"
                ));
                // A tag and a message serialize.
                sent(None, Some(error)).unwrap_or_default()
            }),
        );
    }
}

/// What the page carries for one shared value.
#[derive(Serialize)]
struct Sent<'a, T> {
    shared: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    value: Option<&'a T>,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<String>,
}

/// [`Sent`], read back.
#[derive(Deserialize)]
#[serde(bound = "T: DeserializeOwned")]
struct Received<T> {
    shared: String,
    // Present (even as `null`, a state of its own for an `Option`) or absent.
    #[serde(default = "none", deserialize_with = "present")]
    value: Option<T>,
    #[serde(default)]
    error: Option<String>,
}

fn none<T>() -> Option<T> {
    None
}

fn present<'de, D: Deserializer<'de>, T: DeserializeOwned>(
    value: D,
) -> Result<Option<T>, D::Error> {
    T::deserialize(value).map(Some)
}

/// The value of what the page carries for `tag`, or why there is none.
fn open_envelope<T: DeserializeOwned>(data: &str, tag: &str) -> Result<T, String> {
    let out_of_order = |shared: &str| {
        format!(
            "the page holds {shared} in its place: the server and the browser made their \
             shared values in a different order"
        )
    };
    let received: Received<T> = match serde_json::from_str(data) {
        Ok(received) => received,
        Err(error) => {
            // Say what is there instead, when it is someone else's value.
            #[derive(Deserialize)]
            struct Tag {
                shared: String,
            }
            return Err(match serde_json::from_str::<Tag>(data) {
                Ok(Tag { shared }) if shared != tag => out_of_order(&shared),
                _ => error.to_string(),
            });
        }
    };
    if received.shared != tag {
        return Err(out_of_order(&received.shared));
    }
    if let Some(error) = received.error {
        return Err(format!("the server could not send it: {error}"));
    }
    received
        .value
        .ok_or_else(|| "the page holds no value for it".to_owned())
}

/// Reports a shared value the browser could not use: in the browser's console (where a page
/// has no `log` logger by default), and to `log` elsewhere.
fn report(message: &str) {
    #[cfg(target_arch = "wasm32")]
    web_sys::console::error_1(&message.into());
    #[cfg(not(target_arch = "wasm32"))]
    log::error!(target: "leptos_state", "{message}");
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
    ///   not run. The page names each value (the store's name and type), so a browser that
    ///   made its shared values in another order than the server does not take another's
    ///   state: it reports the mismatch in the console, and `initial` runs.
    /// - **Anywhere else** it is [`new_named`](Self::new_named) with `initial()`: in a
    ///   client-rendered app, in a native test, and in a page the browser renders itself
    ///   after hydration (a client-side navigation), where the server sends nothing. So
    ///   `initial` must also work in the browser: where the data lives on the server, start
    ///   empty there and fill the store from a `Resource` or a server function.
    ///
    /// Make shared stores where the server and the browser both run the same code, in the
    /// same order: in a component, as `provide_store(Store::new_shared(...))`, not after an
    /// `.await` inside a `Suspend`, and with an `initial` that makes no resource or shared
    /// value of its own (it runs on the server only, and would shift the order). Give shared
    /// stores of one type distinct names. Everything the store holds goes into the page,
    /// `#[state(redact)]` and `persist = false` fields included: keep secrets out of it.
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
        let slot = Slot::next(format!("store `{name}` of `{}`", type_name::<S>()));
        let received = slot.as_ref().and_then(Slot::received::<S>);
        let store = ArcStore::new_named(name, received.unwrap_or_else(initial));
        if let Some(slot) = slot {
            let sent = store.clone();
            slot.send(move || Some(sent.with_untracked(S::clone)));
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
    /// page; while the browser hydrates, the machine starts from it, so the first render
    /// matches the server's HTML. It is restored, not started: the entry actions that led
    /// there ran on the server and do not run again; delayed transitions of its states are
    /// scheduled afresh. A snapshot that does not fit the machine is reported in the console
    /// and the machine starts in its initial states. Anywhere else it is `new`. The same
    /// rules of order as for [`ArcStore::new_shared_named`] apply.
    #[track_caller]
    pub fn new_shared(machine: Machine<S, E, C>) -> Self {
        let Some(slot) = Slot::next(format!("a machine of `{}`", type_name::<S>())) else {
            return Actor::new(machine);
        };
        let actor = match slot.received::<MachineSnapshot<S, C>>() {
            // Restored without starting: the server already ran the entry actions that led
            // there, and the browser does not run them again.
            Some(snapshot) => {
                let restored = Actor::unstarted(machine.clone(), default_clock());
                match restored.restore(snapshot) {
                    Ok(()) => restored,
                    Err(error) => {
                        report(&format!(
                            "the snapshot the server sent for {} does not fit it ({error}): it \
                             starts in its initial states",
                            slot.tag
                        ));
                        Actor::new(machine)
                    }
                }
            }
            None => Actor::new(machine),
        };
        let sent = actor.live().as_ref().map(Arc::downgrade);
        slot.send(move || Some(sent?.upgrade()?.snapshot()));
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
