//! [`Subscription`]: a listener registered with [`ArcStore::subscribe`](crate::ArcStore::subscribe)
//! or [`Actor::observe`](crate::Actor::observe), removed when the handle is dropped.

use reactive_graph::owner::{Owner, on_cleanup};
use std::{fmt, sync::Weak};

/// Something that can remove a listener by id: a store or an actor, its type erased.
pub(crate) trait Listeners: Send + Sync {
    fn remove_listener(&self, id: u64);
}

/// A store listener, removed when this handle is dropped.
///
/// Returned by [`ArcStore::subscribe`](crate::ArcStore::subscribe). Keep it as long as you
/// want to hear about changes. In a component, [`until_cleanup`](Self::until_cleanup) ties it to
/// the component instead; [`detach`](Self::detach) keeps it for as long as the store lives.
#[must_use = "dropping a `Subscription` removes its listener at once; keep it, or call \
              `until_cleanup()` or `detach()`"]
pub struct Subscription {
    /// `None` once detached.
    store: Option<Weak<dyn Listeners>>,
    id: u64,
}

impl Subscription {
    pub(crate) fn new(store: Weak<dyn Listeners>, id: u64) -> Self {
        Subscription {
            store: Some(store),
            id,
        }
    }

    /// Keeps the listener until the current reactive owner (usually the component that
    /// subscribed) is cleaned up. Outside any owner, the listener stays as long as the store.
    ///
    /// # Examples
    ///
    /// ```
    /// use leptos::prelude::*;
    /// use leptos_state::Store;
    /// use std::sync::{Arc, atomic::{AtomicUsize, Ordering}};
    ///
    /// let app = Owner::new();
    /// app.set();
    /// let store = Store::new(0);
    /// let heard = Arc::new(AtomicUsize::new(0));
    ///
    /// let component = app.child();
    /// component.with(|| {
    ///     let heard = heard.clone();
    ///     store.subscribe(move |_| { heard.fetch_add(1, Ordering::Relaxed); }).until_cleanup();
    /// });
    /// store.set("load", 1).unwrap();
    /// component.cleanup();
    /// store.set("load", 2).unwrap();
    /// assert_eq!(heard.load(Ordering::Relaxed), 1);
    /// ```
    pub fn until_cleanup(self) {
        if Owner::current().is_some() {
            on_cleanup(move || drop(self));
        } else {
            self.detach();
        }
    }

    /// Keeps the listener for as long as the store lives.
    ///
    /// # Examples
    ///
    /// ```
    /// use leptos_state::ArcStore;
    /// use std::sync::{Arc, atomic::{AtomicUsize, Ordering}};
    ///
    /// let store = ArcStore::new(0);
    /// let heard = Arc::new(AtomicUsize::new(0));
    /// let counter = heard.clone();
    /// store.subscribe(move |_| { counter.fetch_add(1, Ordering::Relaxed); }).detach();
    /// store.set("load", 1).unwrap();
    /// assert_eq!(heard.load(Ordering::Relaxed), 1);
    /// ```
    pub fn detach(mut self) {
        self.store = None;
    }
}

impl Drop for Subscription {
    fn drop(&mut self) {
        if let Some(store) = self.store.as_ref().and_then(Weak::upgrade) {
            store.remove_listener(self.id);
        }
    }
}

impl fmt::Debug for Subscription {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Subscription")
            .field("id", &self.id)
            .field("detached", &self.store.is_none())
            .finish()
    }
}
