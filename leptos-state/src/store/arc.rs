//! [`ArcStore`]: the reference-counted store.

use super::inner::{Edited, StoreInner};
use crate::{AddOn, Middleware, Origin, StoreError, Subscription, Transaction, busy};
use reactive_graph::{
    computed::ArcMemo,
    signal::guards::{Plain, ReadGuard},
    traits::{DefinedAt, IsDisposed, ReadUntracked, Track, With},
    wrappers::read::Signal,
};
use std::{borrow::Cow, fmt, mem, panic::Location, sync::Arc};

/// A reactive store that lives as long as a handle to it does.
///
/// `ArcStore` is to [`Store`](crate::Store) what Leptos' `ArcRwSignal` is to `RwSignal`: it is
/// reference-counted and `Clone` rather than `Copy`, and it is not tied to a reactive owner.
/// Use it for state that outlives components, or inside other reference-counted structures.
///
/// Reading goes through Leptos' own traits, so a store works in effects, memos and `view!`
/// like any signal: [`With`]/[`WithUntracked`](reactive_graph::traits::WithUntracked),
/// [`Get`](reactive_graph::traits::Get)/[`GetUntracked`](reactive_graph::traits::GetUntracked),
/// [`Read`](reactive_graph::traits::Read) and [`Track`]. Writing goes through named actions
/// ([`update`](Self::update), [`set`](Self::set), [`transaction`](Self::transaction),
/// [`reset`](Self::reset)), each passing through the store's [middleware](crate::Middleware).
///
/// # Examples
///
/// ```
/// use leptos::prelude::*;
/// use leptos_state::ArcStore;
///
/// #[derive(Clone, Debug, Default, PartialEq)]
/// struct Todos {
///     items: Vec<String>,
/// }
///
/// let todos = ArcStore::new(Todos::default());
/// todos.update("add todo", |t| t.items.push("write docs".into())).unwrap();
/// assert_eq!(todos.with_untracked(|t| t.items.len()), 1);
/// ```
pub struct ArcStore<S> {
    pub(crate) inner: Arc<StoreInner<S>>,
}

impl<S: Clone + Send + Sync + 'static> ArcStore<S> {
    /// Creates a store holding `initial`, named after its type.
    ///
    /// Creating a store copies nothing. From its first change on, the store keeps a copy of
    /// `initial` for [`reset`](Self::reset): that change makes it.
    #[track_caller]
    pub fn new(initial: S) -> Self {
        ArcStore {
            inner: Arc::new(StoreInner::new(None, initial, Location::caller())),
        }
    }

    /// Creates a store with a name, shown in errors, logs and the devtools.
    ///
    /// # Examples
    ///
    /// ```
    /// use leptos_state::{ArcStore, Validate};
    ///
    /// let cart = ArcStore::new_named("cart", 0_u32);
    /// cart.attach(Validate::new(|n: &u32| if *n < 3 { Ok(()) } else { Err("full") }));
    /// let err = cart.set("fill", 3).unwrap_err();
    /// assert!(err.to_string().starts_with("store `cart` refused action \"fill\""));
    /// ```
    #[track_caller]
    pub fn new_named(name: impl Into<Cow<'static, str>>, initial: S) -> Self {
        ArcStore {
            inner: Arc::new(StoreInner::new(
                Some(name.into()),
                initial,
                Location::caller(),
            )),
        }
    }

    /// Changes the state in place, as the action `action`, and returns what `update` returns.
    ///
    /// The change goes through the store's middleware; if one refuses it, the state is left
    /// as it was and the error comes back. Readers are notified once the change is accepted.
    ///
    /// # Errors
    ///
    /// [`StoreError::Refused`] when a middleware refuses the change, and
    /// [`StoreError::Reentrant`] when called from inside another change to this store.
    ///
    /// # Examples
    ///
    /// ```
    /// use leptos::prelude::*;
    /// use leptos_state::ArcStore;
    ///
    /// let count = ArcStore::new(1);
    /// let doubled = count.update("double", |n| { *n *= 2; *n }).unwrap();
    /// assert_eq!(doubled, 2);
    /// assert_eq!(count.get_untracked(), 2);
    /// ```
    #[track_caller]
    pub fn update<R>(
        &self,
        action: impl Into<Cow<'static, str>>,
        update: impl FnOnce(&mut S) -> R,
    ) -> Result<R, StoreError> {
        self.inner.commit_whole(
            action.into(),
            Origin::User,
            Location::caller(),
            |state, keep| {
                let previous = keep.previous.then(|| state.clone());
                (update(state), Edited::Wrote(previous))
            },
        )
    }

    /// Replaces the state, as the action `action`.
    ///
    /// # Errors
    ///
    /// As for [`update`](Self::update).
    ///
    /// # Examples
    ///
    /// ```
    /// use leptos::prelude::*;
    /// use leptos_state::ArcStore;
    ///
    /// let name = ArcStore::new(String::new());
    /// name.set("load", "Ada".to_string()).unwrap();
    /// assert_eq!(name.get_untracked(), "Ada");
    /// ```
    #[track_caller]
    pub fn set(&self, action: impl Into<Cow<'static, str>>, value: S) -> Result<(), StoreError> {
        self.inner.commit_whole(
            action.into(),
            Origin::User,
            Location::caller(),
            |state, keep| {
                let previous = mem::replace(state, value);
                ((), Edited::Wrote(keep.previous.then_some(previous)))
            },
        )
    }

    /// Applies several writes as one change named `action`: middleware sees it once, readers
    /// are notified once, and a refusal undoes all of it.
    ///
    /// # Errors
    ///
    /// As for [`update`](Self::update).
    ///
    /// # Examples
    ///
    /// ```
    /// use leptos::prelude::*;
    /// use leptos_state::ArcStore;
    ///
    /// #[derive(Clone, Default)]
    /// struct Form { name: String, saved: bool }
    ///
    /// let form = ArcStore::new(Form::default());
    /// form.transaction("save", |tx| {
    ///     tx.update(|f| f.name = "Ada".into());
    ///     if !tx.state().name.is_empty() {
    ///         tx.update(|f| f.saved = true);
    ///     }
    /// })
    /// .unwrap();
    /// assert!(form.with_untracked(|f| f.saved));
    /// ```
    #[track_caller]
    pub fn transaction<R>(
        &self,
        action: impl Into<Cow<'static, str>>,
        writes: impl FnOnce(&mut Transaction<'_, S>) -> R,
    ) -> Result<R, StoreError> {
        self.inner.commit_whole(
            action.into(),
            Origin::User,
            Location::caller(),
            |state, keep| {
                let mut transaction = Transaction::new(state, keep.initial, keep.previous);
                let output = writes(&mut transaction);
                let edited = match transaction.finish() {
                    Some(previous) => Edited::Wrote(previous),
                    None => Edited::Nothing,
                };
                (output, edited)
            },
        )
    }

    /// Puts back the value the store was created with, as the action `"reset"`.
    ///
    /// # Errors
    ///
    /// As for [`update`](Self::update).
    ///
    /// # Examples
    ///
    /// ```
    /// use leptos::prelude::*;
    /// use leptos_state::ArcStore;
    ///
    /// let count = ArcStore::new(10);
    /// count.set("load", 42).unwrap();
    /// count.reset().unwrap();
    /// assert_eq!(count.get_untracked(), 10);
    /// ```
    #[track_caller]
    pub fn reset(&self) -> Result<(), StoreError> {
        self.inner.commit_whole(
            Cow::Borrowed("reset"),
            Origin::User,
            Location::caller(),
            |state, keep| {
                let previous = mem::replace(state, keep.initial.clone());
                ((), Edited::Wrote(keep.previous.then_some(previous)))
            },
        )
    }

    /// A memo of part of the state, which notifies its readers only when that part changes.
    ///
    /// `select` runs again after every change to the store, but readers of the memo re-run
    /// only when its result differs from the last one (`PartialEq`).
    ///
    /// # Examples
    ///
    /// ```
    /// use leptos::prelude::*;
    /// use leptos_state::ArcStore;
    ///
    /// let todos = ArcStore::new(vec!["a".to_string()]);
    /// let count = todos.select(|t| t.len());
    /// todos.update("rename", |t| t[0] = "b".into()).unwrap();
    /// assert_eq!(count.get_untracked(), 1);
    /// ```
    #[track_caller]
    pub fn select<T>(&self, select: impl Fn(&S) -> T + Send + Sync + 'static) -> ArcMemo<T>
    where
        T: PartialEq + Send + Sync + 'static,
    {
        let store = self.clone();
        ArcMemo::new(move |_| store.with(&select))
    }

    /// Calls `listener` after every change the store accepts, once its readers are notified.
    ///
    /// This is for code outside the reactive graph (analytics, bridges to other libraries). The
    /// store is unlocked when `listener` runs, so it may read and write the store. Dropping the
    /// returned [`Subscription`] unsubscribes.
    ///
    /// # Examples
    ///
    /// ```
    /// use leptos_state::ArcStore;
    /// use std::sync::{Arc, Mutex};
    ///
    /// let store = ArcStore::new(0);
    /// let actions = Arc::new(Mutex::new(Vec::new()));
    /// let seen = actions.clone();
    /// let subscription =
    ///     store.subscribe(move |change| seen.lock().unwrap().push(change.action().to_string()));
    ///
    /// store.set("load", 1).unwrap();
    /// drop(subscription);
    /// store.set("load again", 2).unwrap();
    /// assert_eq!(*actions.lock().unwrap(), ["load"]);
    /// ```
    pub fn subscribe(
        &self,
        listener: impl Fn(&crate::Change<'_>) + Send + Sync + 'static,
    ) -> Subscription {
        let id = self.inner.add_subscriber(Arc::new(listener));
        Subscription::new(Arc::downgrade(&self.inner) as _, id)
    }

    /// Adds a middleware after those already attached; it sees every later change.
    ///
    /// Returns the store, so that calls can be chained.
    ///
    /// # Examples
    ///
    /// ```
    /// use leptos_state::{ArcStore, Logger, Validate};
    ///
    /// let age = ArcStore::new_named("age", 30_u8);
    /// age.attach(Validate::new(|a: &u8| if *a <= 150 { Ok(()) } else { Err("implausible") }))
    ///     .attach(Logger::new());
    /// assert!(age.set("birthday", 31).is_ok());
    /// assert!(age.set("typo", 200).is_err());
    /// ```
    pub fn attach(&self, middleware: impl Middleware<S>) -> &Self {
        self.inner.attach(Arc::new(middleware));
        self
    }

    /// Attaches an [add-on](AddOn) after those already attached; it takes part in every
    /// later commit. Returns the add-on, shared with the store.
    ///
    /// # Errors
    ///
    /// [`StoreError::AddOnAttached`] when an add-on of the same type is attached already
    /// (find it with [`add_on`](Self::add_on)); this one is not attached.
    ///
    /// # Examples
    ///
    /// See [`AddOn`].
    pub fn attach_add_on<T: AddOn<S>>(&self, add_on: T) -> Result<Arc<T>, StoreError> {
        self.inner
            .attach_add_on(Arc::new(add_on))
            .map_err(|_| StoreError::AddOnAttached {
                store: self.inner.name().to_string(),
                add_on: std::any::type_name::<T>(),
            })
    }

    /// The attached add-on of type `T`, if there is one: how add-ons find each other, and
    /// how application code finds an add-on from the store.
    pub fn add_on<T: AddOn<S>>(&self) -> Option<Arc<T>> {
        self.inner.add_on::<T>()
    }
}

impl<S> ArcStore<S> {
    /// Whether two handles refer to the same store.
    pub fn ptr_eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.inner, &other.inner)
    }
}

impl<S> Clone for ArcStore<S> {
    fn clone(&self) -> Self {
        ArcStore {
            inner: Arc::clone(&self.inner),
        }
    }
}

impl<S> PartialEq for ArcStore<S> {
    fn eq(&self, other: &Self) -> bool {
        self.ptr_eq(other)
    }
}

impl<S> Eq for ArcStore<S> {}

/// How an inspected store shows its state in its `Debug`: redacted JSON, which the devtools
/// register in the store's extensions when it is inspected (`None` once it cannot be read).
#[derive(Clone)]
pub(crate) struct ShownState(pub(crate) Arc<dyn Fn() -> Option<serde_json::Value> + Send + Sync>);

impl<S> ArcStore<S> {
    /// The `Debug` fields of the store: its name and type, and for an inspected store, its
    /// state as the devtools show it (redacted), unless its value cannot be read at once
    /// (this thread or another is writing it): `Debug` never waits on the store.
    pub(crate) fn debug_fields(&self, out: &mut fmt::DebugStruct<'_, '_>, pretty: bool) {
        out.field("name", &self.inner.name())
            .field("type", &std::any::type_name::<S>());
        if let Some(shown) = self.inner.extensions.get::<ShownState>()
            && let Some(state) = (shown.0)()
        {
            let text = if pretty {
                serde_json::to_string_pretty(&state)
            } else {
                serde_json::to_string(&state)
            };
            if let Ok(text) = text {
                out.field("state", &format_args!("{text}"));
            }
        }
    }
}

impl<S> fmt::Debug for ArcStore<S> {
    /// The store's name and type; for an [inspected](Self::inspect) store (with the feature
    /// `devtools`), its state as JSON too, with its `#[state(redact)]` fields redacted.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let pretty = f.alternate();
        let mut out = f.debug_struct("ArcStore");
        self.debug_fields(&mut out, pretty);
        out.finish_non_exhaustive()
    }
}

impl<S> DefinedAt for ArcStore<S> {
    fn defined_at(&self) -> Option<&'static Location<'static>> {
        Some(self.inner.defined_at)
    }
}

impl<S> IsDisposed for ArcStore<S> {
    fn is_disposed(&self) -> bool {
        false
    }
}

impl<S> Track for ArcStore<S> {
    #[track_caller]
    fn track(&self) {
        self.inner.tree.track();
    }
}

impl<S: 'static> ReadUntracked for ArcStore<S> {
    type Value = ReadGuard<S, Plain<S>>;

    #[track_caller]
    fn try_read_untracked(&self) -> Option<Self::Value> {
        if let Some(plain) = Plain::try_new(Arc::clone(&self.inner.value)) {
            return Some(ReadGuard::new(plain));
        }
        if busy::is_busy(self.inner.key()) {
            panic!(
                "store `{}` was read while it was applying a change (from inside its update \
                 closure or a middleware hook); use the state the closure or hook receives",
                self.inner.name()
            );
        }
        None
    }
}

impl<S: Clone + Send + Sync + 'static> From<ArcStore<S>> for Signal<S> {
    #[track_caller]
    fn from(store: ArcStore<S>) -> Self {
        Signal::derive(move || store.with(S::clone))
    }
}
