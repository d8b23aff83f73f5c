//! [`AddOn`]: the one extension point of a store's commit, and what it hands an add-on.
//!
//! The commit knows add-ons only through this trait: undo history, optimistic changes, the
//! devtools' log and lock, and an application's own (an audit log, a sync engine) all attach
//! the same way and see the same changes.

use super::revert::Overwritten;
use crate::{Change, Origin, tree::Node};
use std::{borrow::Cow, fmt, sync::Arc};

/// Code attached to one store that takes part in every commit: it can ask the commit to keep
/// what a change overwrites, hold the store locked, and see each committed change with what it
/// overwrote.
///
/// Attach one with [`ArcStore::attach_add_on`](crate::ArcStore::attach_add_on); find it again,
/// from anywhere that has the store, with [`ArcStore::add_on`](crate::ArcStore::add_on). Add-ons
/// are called in the order they were attached, except that the crate's undo history sees each
/// committed change last: it takes what the change overwrote as its step, without a copy.
///
/// Where [`Middleware`](crate::Middleware) sees a change and may refuse it, an add-on sees what
/// the change overwrote, which is what an undo history, an audit log or a sync engine needs.
/// One change runs as follows:
///
/// 1. [`locks`](Self::locks): an add-on that holds the store locked against the change's
///    origin stops it with [`StoreError::Locked`](crate::StoreError::Locked);
/// 2. [`wants`](Self::wants): what the commit must keep for the add-ons; nothing is copied
///    unless one asks (or middleware is attached);
/// 3. the change is applied and middleware runs; a refusal ends it here;
/// 4. [`committed`](Self::committed), with the change, the new state and what it overwrote,
///    while the store is still locked: read what you are given, do not read or write the
///    store;
/// 5. [`unlocked`](Self::unlocked), once the store is unlocked: the place to notify readers.
///
/// A change nobody asked to see (no add-on wanted anything, no middleware or subscriber is
/// attached) reaches neither `committed` nor `unlocked`: it costs the add-ons one call to
/// `wants` and one to `locks`.
///
/// A change another add-on made final later (an optimistic change confirmed) reaches
/// [`finalized`](Self::finalized).
///
/// # Examples
///
/// An add-on that counts the slice writes made to each path:
///
/// ```
/// use leptos_state::{AddOn, ArcStore, Committed, Origin, State, Wants};
/// use std::{collections::HashMap, sync::Mutex};
///
/// #[derive(State, Clone, Default)]
/// struct Profile { name: String, age: u8 }
///
/// #[derive(Default)]
/// struct WriteCount(Mutex<HashMap<String, usize>>);
///
/// impl AddOn<Profile> for WriteCount {
///     fn name(&self) -> &str {
///         "write count"
///     }
///
///     fn wants(&self, origin: Origin) -> Wants {
///         if origin == Origin::User { Wants::CHANGE } else { Wants::NOTHING }
///     }
///
///     fn committed(&self, committed: &mut Committed<'_, Profile>) {
///         let mut counts = self.0.lock().unwrap();
///         for path in committed.change().touched() {
///             *counts.entry(path.to_string()).or_default() += 1;
///         }
///     }
/// }
///
/// let profile = ArcStore::new(Profile::default());
/// let counts = profile.attach_add_on(WriteCount::default()).unwrap();
/// profile.name().set("Ada".into());
/// profile.name().set("Ada L.".into());
/// profile.age().set(36);
/// assert_eq!(counts.0.lock().unwrap()["name"], 2);
/// assert!(profile.add_on::<WriteCount>().is_some());
/// # use leptos::prelude::Set;
/// ```
pub trait AddOn<S>: Send + Sync + 'static {
    /// A short name: the holder named in [`StoreError::Locked`](crate::StoreError::Locked).
    fn name(&self) -> &str;

    /// What the commit must keep for this add-on, for a change from `origin`. The default
    /// asks for nothing.
    fn wants(&self, origin: Origin) -> Wants {
        let _ = origin;
        Wants::NOTHING
    }

    /// Whether this add-on holds the store locked against changes from `origin`. The default
    /// locks nothing. It is not asked for settling optimistic changes
    /// ([`Origin::Optimistic`], [`Origin::Rollback`]), hydration and tab sync: those always go
    /// through, since refusing them would lose data.
    fn locks(&self, origin: Origin) -> bool {
        let _ = origin;
        false
    }

    /// Sees a committed change: called for every change that some add-on, middleware or
    /// subscriber asked to see, while the store is locked. (It is `&mut` so that the crate's
    /// undo history can take what was overwritten; nothing else can change it.)
    fn committed(&self, committed: &mut Committed<'_, S>) {
        let _ = committed;
    }

    /// Sees a change that a middleware refused, once the state is put back and the store is
    /// unlocked: `middleware` is the refusing middleware's name and `reason` its reason, as
    /// the writer gets them in [`StoreError::Refused`](crate::StoreError::Refused). The
    /// default does nothing. (The devtools' log shows refused writes this way.)
    fn refused(&self, change: &Change<'_>, middleware: &str, reason: &str) {
        let _ = (change, middleware, reason);
    }

    /// Runs after each change that [`committed`](Self::committed) saw, once the store is
    /// unlocked: after the store's own readers are notified, before its subscribers are
    /// called; and after [`finalized`](Self::finalized).
    fn unlocked(&self) {}

    /// Sees a change that entered earlier as provisional (an optimistic change) and is now
    /// final, with the state read-locked: as in `committed`, read what you are given, do not
    /// read or write the store (a write fails with
    /// [`StoreError::Reentrant`](crate::StoreError::Reentrant)). [`unlocked`](Self::unlocked)
    /// follows.
    fn finalized(&self, finalized: &Finalized<'_, S>) {
        let _ = finalized;
    }
}

/// What an [`AddOn`] asks the commit to keep for it.
///
/// # Examples
///
/// ```
/// use leptos_state::Wants;
///
/// assert!(Wants::OVERWRITTEN.includes(Wants::CHANGE));
/// assert!(!Wants::CHANGE.includes(Wants::OVERWRITTEN));
/// assert_eq!(Wants::NOTHING.and(Wants::CHANGE), Wants::CHANGE);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Wants {
    pub(crate) change: bool,
    pub(crate) overwritten: bool,
    /// Takes what was overwritten: called after every other add-on.
    pub(crate) keeps: bool,
}

impl Wants {
    /// Nothing: the add-on's [`committed`](AddOn::committed) sees changes only when something
    /// else asked for them.
    pub const NOTHING: Wants = Wants {
        change: false,
        overwritten: false,
        keeps: false,
    };

    /// The change record: its action's name, origin and touched paths.
    pub const CHANGE: Wants = Wants {
        change: true,
        overwritten: false,
        keeps: false,
    };

    /// The change record and what the change [overwrote](Overwritten): a copy of the state
    /// before a whole-store write, the slice's previous value for a slice write, the rows a
    /// collection write removed.
    pub const OVERWRITTEN: Wants = Wants {
        change: true,
        overwritten: true,
        keeps: false,
    };

    /// What the change overwrote, taken whole by this add-on once the others have seen it.
    pub(crate) const KEEPS: Wants = Wants {
        change: true,
        overwritten: true,
        keeps: true,
    };

    /// Both.
    #[must_use]
    pub const fn and(self, other: Wants) -> Wants {
        Wants {
            change: self.change || other.change,
            overwritten: self.overwritten || other.overwritten,
            keeps: self.keeps || other.keeps,
        }
    }

    /// Whether this asks for everything `other` asks for.
    pub const fn includes(self, other: Wants) -> bool {
        (self.change || !other.change)
            && (self.overwritten || !other.overwritten)
            && (self.keeps || !other.keeps)
    }
}

/// One committed change, as an [`AddOn`] sees it.
pub struct Committed<'a, S> {
    pub(crate) change: Change<'a>,
    /// The action's name as given, to copy without allocating when it is borrowed.
    pub(crate) action: &'a Cow<'static, str>,
    pub(crate) state: &'a S,
    pub(crate) overwritten: Option<Overwritten<S>>,
    pub(crate) tree: &'a Arc<Node>,
}

impl<'a, S> Committed<'a, S> {
    /// The change record.
    pub fn change(&self) -> &Change<'a> {
        &self.change
    }

    /// The state after the change.
    pub fn state(&self) -> &'a S {
        self.state
    }

    /// What the change overwrote, when an add-on asked for it ([`Wants::OVERWRITTEN`]) or
    /// middleware is attached.
    pub fn overwritten(&self) -> Option<&Overwritten<S>> {
        self.overwritten.as_ref()
    }

    /// The action's name as the write was given it, to keep: cloning a borrowed name (a
    /// string literal) does not allocate. [`change().action()`](Change::action) is the same
    /// name as a `&str`.
    pub fn action(&self) -> &'a Cow<'static, str> {
        self.action
    }

    /// What the change overwrote, taken whole: only for the add-on that keeps it (see
    /// [`Wants::KEEPS`]), called after the others.
    pub(crate) fn take_overwritten(&mut self) -> Option<Overwritten<S>> {
        self.overwritten.take()
    }

    /// The store's notification tree, for slices resolved against the new state.
    pub(crate) fn tree(&self) -> &'a Arc<Node> {
        self.tree
    }
}

impl<S: 'static> fmt::Debug for Committed<'_, S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Committed")
            .field("change", &self.change)
            .field("overwritten", &self.overwritten)
            .finish_non_exhaustive()
    }
}

/// A change that entered earlier as provisional (an optimistic change) and is now final, as
/// an [`AddOn`] sees it.
pub struct Finalized<'a, S> {
    pub(crate) action: &'a str,
    pub(crate) state: &'a S,
    /// Works out the state without the change; `None` if it cannot (nothing is pending).
    pub(crate) without: &'a dyn Fn() -> Option<S>,
}

impl<'a, S> Finalized<'a, S> {
    /// The change's action.
    pub fn action(&self) -> &'a str {
        self.action
    }

    /// The state now, with the change.
    pub fn state(&self) -> &'a S {
        self.state
    }

    /// The state as it would be now without the change: the confirmed state beneath it with
    /// every change and write made since replayed, but this one.
    pub fn state_without(&self) -> S
    where
        S: Clone,
    {
        (self.without)().unwrap_or_else(|| self.state.clone())
    }
}

impl<S> fmt::Debug for Finalized<'_, S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Finalized")
            .field("action", &self.action)
            .finish_non_exhaustive()
    }
}
