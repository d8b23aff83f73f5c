//! [`Transaction`]: several writes committed as one change.

use std::{fmt, mem};

/// Several writes to one store that commit as a single change.
///
/// A transaction is handed to the closure of
/// [`ArcStore::transaction`](crate::ArcStore::transaction). The writes apply in order to the
/// store's value; middleware then sees the result once, as one change under the transaction's
/// name, and readers are notified once. If a middleware refuses the change, every write of the
/// transaction is undone. A transaction that writes nothing is no change at all: no middleware
/// runs and nobody is notified.
///
/// # Examples
///
/// ```
/// use leptos::prelude::*;
/// use leptos_state::{ArcStore, Transaction};
///
/// #[derive(Clone, Default)]
/// struct Account { balance: i64, history: Vec<i64> }
///
/// // Helpers can take the transaction and add their writes to it.
/// fn deposit(tx: &mut Transaction<'_, Account>, amount: i64) {
///     tx.update(|a| {
///         a.balance += amount;
///         a.history.push(amount);
///     });
/// }
///
/// let account = ArcStore::new(Account::default());
/// account.transaction("payday", |tx| {
///     deposit(tx, 100);
///     deposit(tx, 20);
/// }).unwrap();
/// assert_eq!(account.with_untracked(|a| a.balance), 120);
/// ```
pub struct Transaction<'a, S> {
    state: &'a mut S,
    initial: &'a S,
    keep_previous: bool,
    previous: Option<S>,
    wrote: bool,
}

impl<'a, S: Clone> Transaction<'a, S> {
    pub(crate) fn new(state: &'a mut S, initial: &'a S, keep_previous: bool) -> Self {
        Transaction {
            state,
            initial,
            keep_previous,
            previous: None,
            wrote: false,
        }
    }

    /// The state as the writes so far have left it.
    pub fn state(&self) -> &S {
        self.state
    }

    /// Changes the state in place and returns what the closure returns.
    pub fn update<R>(&mut self, update: impl FnOnce(&mut S) -> R) -> R {
        if self.keep_previous && self.previous.is_none() {
            self.previous = Some(self.state.clone());
        }
        self.wrote = true;
        update(self.state)
    }

    /// Replaces the state.
    pub fn set(&mut self, value: S) {
        let replaced = mem::replace(self.state, value);
        if self.keep_previous && self.previous.is_none() {
            self.previous = Some(replaced);
        }
        self.wrote = true;
    }

    /// Puts back the value the store was created with.
    pub fn reset(&mut self) {
        self.set(self.initial.clone());
    }

    /// Whether anything was written, and the state before the first write if it was kept.
    pub(crate) fn finish(self) -> Option<Option<S>> {
        self.wrote.then_some(self.previous)
    }
}

impl<S: fmt::Debug> fmt::Debug for Transaction<'_, S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Transaction")
            .field("state", &self.state)
            .field("wrote", &self.wrote)
            .finish_non_exhaustive()
    }
}
