//! Code that sees every change to a store: the [`Middleware`] trait and the middleware that
//! ships with the crate.

mod logger;
mod validate;

pub use logger::Logger;
pub use validate::Validate;

use crate::Change;
use std::{borrow::Cow, fmt};

/// Code that sees every change to a store, before and after it is applied.
///
/// Attach middleware with [`ArcStore::attach`](crate::ArcStore::attach) (or
/// [`Store::attach`](crate::Store::attach)). Every write goes through the attached middleware in
/// the order it was attached: [`update`](crate::ArcStore::update),
/// [`set`](crate::ArcStore::set), [`transaction`](crate::ArcStore::transaction) and
/// [`reset`](crate::ArcStore::reset) alike.
///
/// One change runs as follows:
///
/// 1. the store applies the change to its value, keeping the previous value so that it can
///    put it back;
/// 2. [`before`](Middleware::before) runs for each middleware with the value the change
///    produces; the first refusal puts the previous value back and the writer gets
///    [`StoreError::Refused`](crate::StoreError::Refused);
/// 3. [`after`](Middleware::after) runs for each middleware;
/// 4. the store notifies its readers, then its [subscribers](crate::ArcStore::subscribe).
///
/// Until step 4 nobody else has seen the change. The store stays locked through steps 1 to 3,
/// so hooks get the state as an argument and must not read or write the store themselves: a
/// write from a hook fails with [`StoreError::Reentrant`](crate::StoreError::Reentrant). Code
/// that wants to answer a change with another write belongs in
/// [`subscribe`](crate::ArcStore::subscribe).
///
/// # Cost
///
/// A store keeps what a change overwrites only while a middleware that
/// [may refuse](Middleware::may_refuse) is attached, for the length of the change. A write
/// through a [slice](crate::Slice) keeps the value it replaced (a field, a row);
/// [`set`](crate::ArcStore::set) and [`reset`](crate::ArcStore::reset) keep the state they
/// replaced, at no cost; [`update`](crate::ArcStore::update) and
/// [`transaction`](crate::ArcStore::transaction) clone the whole state before running the
/// closure, which cannot be watched. On a large state with a validator attached, write
/// through slices. Middleware that only watches ([`Logger`]) costs no copy.
///
/// # Examples
///
/// A middleware that counts the changes it lets through and refuses any action named
/// `"forbidden"`:
///
/// ```
/// use leptos_state::{ArcStore, Change, Middleware, Refusal, StoreError};
/// use std::sync::atomic::{AtomicUsize, Ordering};
/// use std::sync::Arc;
///
/// struct Audit(Arc<AtomicUsize>);
///
/// impl<S> Middleware<S> for Audit {
///     fn name(&self) -> &str {
///         "audit"
///     }
///
///     fn before(&self, change: &Change<'_>, _next: &S) -> Result<(), Refusal> {
///         if change.action() == "forbidden" {
///             return Err(Refusal::new("this action is not allowed here"));
///         }
///         Ok(())
///     }
///
///     fn after(&self, _change: &Change<'_>, _state: &S) {
///         self.0.fetch_add(1, Ordering::Relaxed);
///     }
/// }
///
/// let seen = Arc::new(AtomicUsize::new(0));
/// let store = ArcStore::new(0);
/// store.attach(Audit(seen.clone()));
///
/// store.set("load", 5).unwrap();
/// let err = store.update("forbidden", |n| *n = 0).unwrap_err();
/// assert!(matches!(err, StoreError::Refused { .. }));
/// assert_eq!(store.get_untracked(), 5);
/// assert_eq!(seen.load(Ordering::Relaxed), 1);
/// # use leptos::prelude::GetUntracked;
/// ```
pub trait Middleware<S>: Send + Sync + 'static {
    /// A short name, used in errors ("`validate` says: ...") and logs.
    fn name(&self) -> &str;

    /// Runs before anybody sees the change, with the state the change produces.
    ///
    /// Return a [`Refusal`] to undo the change: the store puts the previous state back and the
    /// writer gets [`StoreError::Refused`](crate::StoreError::Refused) with its reason. The
    /// default lets every change through.
    fn before(&self, change: &Change<'_>, next: &S) -> Result<(), Refusal> {
        let _ = (change, next);
        Ok(())
    }

    /// Runs once every middleware has let the change through, with the new state.
    fn after(&self, change: &Change<'_>, state: &S) {
        let _ = (change, state);
    }

    /// Whether [`before`](Self::before) may refuse a change; `true` unless overridden.
    ///
    /// A store keeps what a change overwrites only while it may have to put it back. Return
    /// `false` from a middleware that only watches (as [`Logger`] does): with no middleware
    /// that may refuse attached, a whole-store [`update`](crate::ArcStore::update) copies
    /// nothing. The answer should not change over a middleware's life. A middleware is held
    /// to it: if its `before` returns an error while it says it never refuses (or said so
    /// when the change began), the change stands and the refusal is logged as a warning
    /// (target `leptos_state`).
    fn may_refuse(&self) -> bool {
        true
    }
}

/// A middleware's reason for refusing a change.
///
/// The writer receives the reason in [`StoreError::Refused`](crate::StoreError::Refused).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    reason: String,
}

impl Refusal {
    /// A refusal with a reason meant for the user or the developer.
    ///
    /// # Examples
    ///
    /// ```
    /// let refusal = leptos_state::Refusal::new("the cart holds at most 10 items");
    /// assert_eq!(refusal.reason(), "the cart holds at most 10 items");
    /// ```
    pub fn new(reason: impl fmt::Display) -> Self {
        Refusal {
            reason: reason.to_string(),
        }
    }

    /// Why the change was refused.
    pub fn reason(&self) -> &str {
        &self.reason
    }

    pub(crate) fn into_reason(self) -> String {
        self.reason
    }
}

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.reason)
    }
}

/// Runs every `before` hook; on the first refusal it can honour, returns the refusing
/// middleware's name and its reason. A refusal is honoured when the middleware says it may
/// refuse and the change kept what it overwrote (`can_put_back`); otherwise it is logged and
/// the change stands, since it could not be taken back.
pub(crate) fn run_before<S: 'static>(
    chain: &[std::sync::Arc<dyn Middleware<S>>],
    change: &Change<'_>,
    next: &S,
    can_put_back: bool,
) -> Result<(), (Cow<'static, str>, Refusal)> {
    for middleware in chain.iter() {
        match middleware.before(change, next) {
            Ok(()) => {}
            Err(refusal) if can_put_back && middleware.may_refuse() => {
                return Err((Cow::Owned(middleware.name().to_owned()), refusal));
            }
            Err(refusal) => log::warn!(
                target: "leptos_state",
                "middleware `{}` refused action \"{}\" on store `{}` ({refusal}), but said it \
                 never refuses (`may_refuse` was false), so nothing was kept to put back: the \
                 change stands",
                middleware.name(),
                change.action(),
                change.store(),
            ),
        }
    }
    Ok(())
}

pub(crate) fn run_after<S: 'static>(
    chain: &[std::sync::Arc<dyn Middleware<S>>],
    change: &Change<'_>,
    state: &S,
) {
    for middleware in chain.iter() {
        middleware.after(change, state);
    }
}
