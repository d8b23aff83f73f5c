//! [`Store`]: the `Copy` store owned by the reactive tree.

use super::arc::ArcStore;
use crate::{AddOn, Middleware, StoreError, Subscription, Transaction};
use reactive_graph::{
    computed::Memo,
    owner::ArenaItem,
    signal::guards::{Plain, ReadGuard},
    traits::{DefinedAt, Dispose, IsDisposed, ReadUntracked, Track, With},
    wrappers::read::Signal,
};
use std::{borrow::Cow, fmt, panic::Location, sync::Arc};

/// A reactive store: state that components share, changed only through named actions.
///
/// `Store` is a `Copy` handle, like Leptos' `RwSignal`: it lives in the reactive arena and is
/// disposed with the owner (usually the component) that created it, together with its
/// middleware and subscriptions. Move it into as many closures as you like. For a store that
/// lives as long as a handle to it does, use [`ArcStore`]; the two convert into each other.
///
/// Every method of [`ArcStore`] exists here too. A write to a store whose owner has been
/// disposed returns [`StoreError::Disposed`].
///
/// # Examples
///
/// ```
/// use leptos::prelude::*;
/// use leptos_state::Store;
///
/// # let owner = Owner::new(); owner.set();
/// let count = Store::new(0);
/// let double = Memo::new(move |_| count.get() * 2);
///
/// count.update("increment", |n| *n += 1).unwrap();
/// assert_eq!(double.get_untracked(), 2);
/// ```
pub struct Store<S> {
    // Kept in debug builds only, as Leptos does for its signals: every slice holds a copy of
    // its store's handle, and every undo step a slice.
    #[cfg(debug_assertions)]
    defined_at: &'static Location<'static>,
    inner: ArenaItem<ArcStore<S>>,
}

impl<S: Clone + Send + Sync + 'static> Store<S> {
    /// Creates a store holding `initial`, named after its type, owned by the current
    /// reactive owner.
    #[track_caller]
    pub fn new(initial: S) -> Self {
        Self::from_arc(ArcStore::new(initial))
    }

    /// Creates a store with a name, shown in errors, logs and the devtools.
    #[track_caller]
    pub fn new_named(name: impl Into<Cow<'static, str>>, initial: S) -> Self {
        Self::from_arc(ArcStore::new_named(name, initial))
    }

    // Each write matches on the arena itself instead of sharing a helper that takes a
    // closure: `#[track_caller]` does not pass through closures, and the caller's location is
    // part of every change.

    /// See [`ArcStore::update`].
    ///
    /// # Errors
    ///
    /// As for [`ArcStore::update`], and [`StoreError::Disposed`] after the store's owner was
    /// disposed.
    #[track_caller]
    pub fn update<R>(
        &self,
        action: impl Into<Cow<'static, str>>,
        update: impl FnOnce(&mut S) -> R,
    ) -> Result<R, StoreError> {
        let action = action.into();
        match self.inner.try_get_value() {
            Some(store) => store.update(action, update),
            None => Err(self.disposed(action)),
        }
    }

    /// See [`ArcStore::set`].
    ///
    /// # Errors
    ///
    /// As for [`update`](Self::update).
    #[track_caller]
    pub fn set(&self, action: impl Into<Cow<'static, str>>, value: S) -> Result<(), StoreError> {
        let action = action.into();
        match self.inner.try_get_value() {
            Some(store) => store.set(action, value),
            None => Err(self.disposed(action)),
        }
    }

    /// See [`ArcStore::transaction`].
    ///
    /// # Errors
    ///
    /// As for [`update`](Self::update).
    #[track_caller]
    pub fn transaction<R>(
        &self,
        action: impl Into<Cow<'static, str>>,
        writes: impl FnOnce(&mut Transaction<'_, S>) -> R,
    ) -> Result<R, StoreError> {
        let action = action.into();
        match self.inner.try_get_value() {
            Some(store) => store.transaction(action, writes),
            None => Err(self.disposed(action)),
        }
    }

    /// See [`ArcStore::reset`].
    ///
    /// # Errors
    ///
    /// As for [`update`](Self::update).
    #[track_caller]
    pub fn reset(&self) -> Result<(), StoreError> {
        match self.inner.try_get_value() {
            Some(store) => store.reset(),
            None => Err(self.disposed(Cow::Borrowed("reset"))),
        }
    }

    /// See [`ArcStore::select`]; the memo belongs to the current reactive owner.
    ///
    /// # Panics
    ///
    /// Panics if the store's owner has been disposed.
    #[track_caller]
    pub fn select<T>(&self, select: impl Fn(&S) -> T + Send + Sync + 'static) -> Memo<T>
    where
        T: PartialEq + Send + Sync + 'static,
    {
        Memo::from(self.expect_live().select(select))
    }

    /// See [`ArcStore::subscribe`].
    ///
    /// # Panics
    ///
    /// Panics if the store's owner has been disposed.
    #[track_caller]
    pub fn subscribe(
        &self,
        listener: impl Fn(&crate::Change<'_>) + Send + Sync + 'static,
    ) -> Subscription {
        self.expect_live().subscribe(listener)
    }

    /// See [`ArcStore::attach`].
    ///
    /// # Panics
    ///
    /// Panics if the store's owner has been disposed.
    #[track_caller]
    pub fn attach(&self, middleware: impl Middleware<S>) -> &Self {
        self.expect_live().attach(middleware);
        self
    }

    /// See [`ArcStore::attach_add_on`].
    ///
    /// # Errors
    ///
    /// As for [`ArcStore::attach_add_on`].
    ///
    /// # Panics
    ///
    /// Panics if the store's owner has been disposed.
    #[track_caller]
    pub fn attach_add_on<T: AddOn<S>>(&self, add_on: T) -> Result<Arc<T>, StoreError> {
        self.expect_live().attach_add_on(add_on)
    }

    /// See [`ArcStore::add_on`]; `None` too once the store's owner was disposed.
    pub fn add_on<T: AddOn<S>>(&self) -> Option<Arc<T>> {
        self.try_arc()?.add_on::<T>()
    }

    /// The reference-counted store behind this handle, unless it has been disposed.
    pub(crate) fn try_arc(&self) -> Option<ArcStore<S>> {
        self.inner.try_get_value()
    }

    #[track_caller]
    pub(crate) fn from_arc(store: ArcStore<S>) -> Self {
        Store {
            #[cfg(debug_assertions)]
            defined_at: store.inner.defined_at,
            inner: ArenaItem::new(store),
        }
    }

    #[track_caller]
    pub(crate) fn expect_live(&self) -> ArcStore<S> {
        match self.inner.try_get_value() {
            Some(store) => store,
            None => panic!(
                "a store of type `{}`{} was used after its owner was disposed; create the \
                 store in a component that outlives the code using it, or keep an `ArcStore`",
                std::any::type_name::<S>(),
                self.created_at()
                    .map(|at| format!(" (created at {at})"))
                    .unwrap_or_default()
            ),
        }
    }
}

impl<S> Store<S> {
    /// Where the store was created, in debug builds.
    pub(crate) fn created_at(&self) -> Option<&'static Location<'static>> {
        #[cfg(debug_assertions)]
        return Some(self.defined_at);
        #[cfg(not(debug_assertions))]
        return None;
    }

    pub(crate) fn disposed(&self, action: Cow<'static, str>) -> StoreError {
        StoreError::Disposed {
            type_name: std::any::type_name::<S>(),
            action,
            defined_at: self.created_at(),
        }
    }
}

impl<S> Copy for Store<S> {}

impl<S> Clone for Store<S> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<S> PartialEq for Store<S> {
    fn eq(&self, other: &Self) -> bool {
        self.inner == other.inner
    }
}

impl<S> Eq for Store<S> {}

impl<S: Send + Sync + 'static> fmt::Debug for Store<S> {
    /// As [`ArcStore`]'s, with where the store was created (in debug builds); a disposed
    /// store shows its type alone.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let pretty = f.alternate();
        let mut out = f.debug_struct("Store");
        match self.inner.try_get_value() {
            Some(store) => store.debug_fields(&mut out, pretty),
            None => {
                out.field("type", &std::any::type_name::<S>());
            }
        }
        out.field("defined_at", &self.created_at())
            .finish_non_exhaustive()
    }
}

impl<S> DefinedAt for Store<S> {
    fn defined_at(&self) -> Option<&'static Location<'static>> {
        self.created_at()
    }
}

impl<S> IsDisposed for Store<S> {
    fn is_disposed(&self) -> bool {
        self.inner.is_disposed()
    }
}

impl<S> Dispose for Store<S> {
    fn dispose(self) {
        self.inner.dispose();
    }
}

impl<S: Send + Sync + 'static> Track for Store<S> {
    #[track_caller]
    fn track(&self) {
        self.inner.try_with_value(ArcStore::track);
    }
}

impl<S: Send + Sync + 'static> ReadUntracked for Store<S> {
    type Value = ReadGuard<S, Plain<S>>;

    #[track_caller]
    fn try_read_untracked(&self) -> Option<Self::Value> {
        self.inner.try_get_value()?.try_read_untracked()
    }
}

impl<S: Clone + Send + Sync + 'static> From<ArcStore<S>> for Store<S> {
    #[track_caller]
    fn from(store: ArcStore<S>) -> Self {
        Store::from_arc(store)
    }
}

impl<S: Clone + Send + Sync + 'static> From<Store<S>> for ArcStore<S> {
    #[track_caller]
    fn from(store: Store<S>) -> Self {
        store.expect_live()
    }
}

impl<S: Clone + Send + Sync + 'static> From<Store<S>> for Signal<S> {
    #[track_caller]
    fn from(store: Store<S>) -> Self {
        Signal::derive(move || store.with(S::clone))
    }
}
