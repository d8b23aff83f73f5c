//! Optimistic changes: applied at once, confirmed or rolled back when their request settles.

pub(crate) mod ledger;

pub(crate) use ledger::{AnyLedger, ErasedLedger, Ledger};

use crate::{
    ArcStore, Origin, Path, State, Store, StoreError,
    edit::Edits,
    slice::{diff::diff_state, write},
    state::FieldOps,
    store::{inner::Outcome, revert::Overwritten},
    tree::Node,
};
use ledger::ChangeFn;
use reactive_graph::{
    signal::ArcRwSignal,
    traits::{Get, GetUntracked, Set},
};
use std::{borrow::Cow, fmt, future::Future, panic::Location, sync::Arc};

/// Where an optimistic change stands.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum OptimisticStatus {
    /// Applied; its request has not settled.
    Pending,
    /// Its request succeeded: the change is part of the confirmed state.
    Confirmed,
    /// Its request failed with this message: the change was rolled back.
    Failed(String),
}

/// One optimistic change: its status, and the handle that settles it.
///
/// Made by [`ArcStore::optimistic`] (settled by its request) or
/// [`ArcStore::begin_optimistic`] (settled by hand, or by awaiting [`settle`](Self::settle)
/// inside a Leptos `Action`).
pub struct OptimisticChange<S> {
    ticket: Ticket,
    store: ArcStore<S>,
}

/// What the ledger keeps of a change: everything but the store, which holds the ledger.
#[derive(Clone)]
pub(crate) struct Ticket {
    pub(crate) id: u64,
    pub(crate) action: Arc<str>,
    pub(crate) status: ArcRwSignal<OptimisticStatus>,
    location: &'static Location<'static>,
}

impl<S> Clone for OptimisticChange<S> {
    fn clone(&self) -> Self {
        OptimisticChange {
            ticket: self.ticket.clone(),
            store: self.store.clone(),
        }
    }
}

impl<S> fmt::Debug for OptimisticChange<S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("OptimisticChange")
            .field("id", &self.ticket.id)
            .field("action", &self.ticket.action)
            .field("status", &self.ticket.status.get_untracked())
            .finish_non_exhaustive()
    }
}

impl<S> OptimisticChange<S> {
    /// A number that tells this change from the store's other optimistic changes.
    pub fn id(&self) -> u64 {
        self.ticket.id
    }

    /// The action's name.
    pub fn action(&self) -> &str {
        &self.ticket.action
    }

    /// Where the change stands. Reactive: grey out a pending row, show a failure.
    pub fn status(&self) -> OptimisticStatus {
        self.ticket.status.get()
    }

    /// Where the change stands, without tracking it.
    pub fn status_untracked(&self) -> OptimisticStatus {
        self.ticket.status.get_untracked()
    }
}

impl<S: State> OptimisticChange<S> {
    /// Confirms the change as it was applied. Confirming a change that already settled does
    /// nothing.
    ///
    /// # Errors
    ///
    /// The store's error when it does not take the confirmation (from inside another change
    /// to it: [`StoreError::Reentrant`]); the change stays pending.
    #[track_caller]
    pub fn confirm(&self) -> Result<(), StoreError> {
        self.settle_ok(None)
    }

    /// Confirms the change, correcting it with what the server answered (an id it
    /// assigned, a value it normalized). The correction runs now, on the state as it is,
    /// and again at the same point whenever the state is replayed: after the writes made
    /// while the change was pending, which it may rename (a row's temporary key).
    ///
    /// # Errors
    ///
    /// The store's error when it refuses the correction; the change stays pending,
    /// uncorrected.
    #[track_caller]
    pub fn confirm_with(
        &self,
        correct: impl Fn(&mut S) + Send + Sync + 'static,
    ) -> Result<(), StoreError> {
        self.settle_ok(Some(Arc::new(correct)))
    }

    /// Rolls the change back: the state becomes the confirmed state with the other pending
    /// changes replayed in order, and the status `Failed(reason)`. Failing a change that
    /// already settled does nothing.
    ///
    /// # Errors
    ///
    /// The store's error when it refuses the rollback (a middleware's `before` hook); the
    /// change stays applied and pending, and can be failed again.
    #[track_caller]
    pub fn fail(&self, reason: impl fmt::Display) -> Result<(), StoreError> {
        let ledger = self.ledger();
        let id = self.ticket.id;
        let action = format!("{} (rolled back)", self.ticket.action);
        let rolled_back = self.store.inner.commit(
            || (Cow::Owned(action), Path::ROOT),
            Origin::Rollback,
            self.ticket.location,
            |state, tree, _| {
                let book = ledger.lock();
                if !ledger.is_pending(&book, id) {
                    return Ok(Outcome::Unchanged(false));
                }
                let Some(replayed) = ledger.replay(&book, Some(id)) else {
                    return Ok(Outcome::Unchanged(false));
                };
                let places = ledger.places_of(&book, id);
                drop(book);
                let made = diff_state(Some(&ledger.fields), state, &replayed);
                let mut overwritten = Overwritten::edits(made.inverse(state, tree));
                // Where the change wrote, a write made over it may have kept its value, and
                // an undo step may hold it: the rollback is a change there too, even where
                // the replayed state is the same.
                overwritten.also = places;
                *state = replayed;
                Ok(Outcome::Wrote {
                    output: true,
                    revert: Some(overwritten),
                    notify: move |tree: &Arc<Node>| made.notify(tree),
                })
            },
        )?;
        if rolled_back {
            ledger.remove(id);
            self.ticket
                .status
                .set(OptimisticStatus::Failed(reason.to_string()));
            ledger.notify();
        }
        Ok(())
    }

    fn ledger(&self) -> Arc<Ledger<S>> {
        self.store.ledger()
    }

    fn settle_ok(&self, correction: Option<ChangeFn<S>>) -> Result<(), StoreError> {
        let ledger = self.ledger();
        let id = self.ticket.id;
        let action = format!("{} (confirmed)", self.ticket.action);
        let settled = self.store.inner.commit(
            || (Cow::Owned(action), Path::ROOT),
            Origin::Optimistic,
            self.ticket.location,
            |state, _, _| {
                if !ledger.is_pending(&ledger.lock(), id) {
                    return Ok(Outcome::Unchanged(false));
                }
                // The correction applies to the state as it is: the writes made since the
                // change began were made to the change as first applied.
                Ok(match &correction {
                    Some(correct) => {
                        let previous = state.clone();
                        correct(state);
                        let made = diff_state(Some(&ledger.fields), &previous, state);
                        changed(made, &previous)
                    }
                    None => Outcome::Unchanged(true),
                })
            },
        )?;
        if !settled {
            return Ok(());
        }
        // Finalized while the ledger still holds the change, so that an add-on (the history)
        // can work out the state without it.
        let without = || {
            let book = ledger.lock();
            ledger.replay(&book, Some(id))
        };
        self.store.inner.finalize(&self.ticket.action, &without);
        ledger.confirm(id, correction);
        self.ticket.status.set(OptimisticStatus::Confirmed);
        ledger.notify();
        Ok(())
    }

    /// Awaits `request`, then confirms the change on `Ok` and rolls it back on `Err`;
    /// returns the request's result. If the store does not take the confirmation or the
    /// rollback, the error is logged as a warning and the change stays pending. Await it inside a Leptos `Action` to drive the change
    /// from a server function.
    pub async fn settle<T, E: fmt::Display>(
        self,
        request: impl Future<Output = Result<T, E>>,
    ) -> Result<T, E> {
        let result = request.await;
        let settled = match &result {
            Ok(_) => self.settle_ok(None),
            Err(error) => self.fail(error),
        };
        if let Err(error) = settled {
            write::report(&error);
        }
        result
    }

    /// As [`settle`](Self::settle), correcting the change with the answer on `Ok`: see
    /// [`confirm_with`](Self::confirm_with).
    pub async fn settle_with<T, E: fmt::Display>(
        self,
        request: impl Future<Output = Result<T, E>>,
        correct: impl Fn(&mut S, &T) + Send + Sync + 'static,
    ) -> Result<T, E>
    where
        T: Clone + Send + Sync + 'static,
    {
        let result = request.await;
        let settled = match &result {
            Ok(answer) => {
                let answer = answer.clone();
                self.settle_ok(Some(Arc::new(move |state: &mut S| correct(state, &answer))))
            }
            Err(error) => self.fail(error),
        };
        if let Err(error) = settled {
            write::report(&error);
        }
        result
    }
}

/// The outcome of a change that turned the locked state from `previous` by the edits
/// `made`: the readers notified are those of the places it changed, and the edits that put
/// them back are kept (for a refusal, and for the history to learn what changed).
fn changed<S: Clone + Send + Sync + 'static>(
    made: Edits<S>,
    previous: &S,
) -> Outcome<S, bool, impl FnOnce(&Arc<Node>) + use<S>> {
    // Read on a copy: a scratch tree, so that no key position of it is cached in the store's.
    let undo = made.inverse(previous, &Node::new());
    Outcome::Wrote {
        output: true,
        revert: Some(Overwritten::edits(undo)),
        notify: move |tree: &Arc<Node>| made.notify(tree),
    }
}

impl<S: State> ArcStore<S> {
    /// Applies `change` at once as an optimistic change named `action`, and settles it when
    /// `request` does: confirmed on `Ok`, rolled back on `Err`. The request runs on Leptos'
    /// executor (`spawn_local`), which every Leptos app sets up; native tests must set one
    /// (`any_spawner::Executor::init_futures_executor`).
    ///
    /// - **Several at once**: when one fails, only it is removed. The state becomes the
    ///   confirmed state with the remaining pending changes replayed in order, so `change`
    ///   must be a function of the state it is given (it may run again).
    /// - **Writes made meanwhile are kept**, replayed in the order they were made, each as
    ///   the edits it made: a slice write as the value it wrote to its place, a row added to
    ///   or removed from a keyed list by its key (between the rows it was between), a
    ///   whole-store write as the fields and rows it changed. A row is found by its key
    ///   wherever it is in the replayed state, so a write to a row that arrived while a
    ///   change was pending keeps working on that row. Another tab's changes and undo or
    ///   redo are writes like these.
    /// - **Corrections** ([`confirm_with`](OptimisticChange::confirm_with)) apply to the
    ///   state as it is when the answer arrives, and are replayed there: a write made to the
    ///   new row under its temporary key before the server gave its real one is kept.
    /// - **Readers** of the places a change (or its rollback) did not touch do not re-run:
    ///   beginning and settling notify only what changed.
    /// - **Undo history** does not record pending changes or rollbacks. An undo or redo made
    ///   while changes are pending leaves each to its fate. A change becomes an undo step
    ///   when it is confirmed: undoing it takes out what it wrote, and nothing another
    ///   change wrote.
    /// - **Statuses**: the returned handle's [`status`](OptimisticChange::status), and
    ///   [`pending_changes`](Self::pending_changes).
    /// - **Until every change settles** the store keeps the confirmed state beneath them and
    ///   the edits of each write since, so settle every change: a handle from
    ///   [`begin_optimistic`](Self::begin_optimistic) that is dropped unsettled keeps its
    ///   change pending. `change` and corrections run while the store is locked: they get
    ///   the state and must not read the store. Choose anything random (a new row's id)
    ///   outside `change`, which runs again on each replay.
    ///
    /// # Errors
    ///
    /// As for [`update`](Self::update): a refused change is not applied and nothing is
    /// pending.
    #[track_caller]
    pub fn optimistic<T, E>(
        &self,
        action: impl Into<Cow<'static, str>>,
        change: impl Fn(&mut S) + Send + Sync + 'static,
        request: impl Future<Output = Result<T, E>> + 'static,
    ) -> Result<OptimisticChange<S>, StoreError>
    where
        T: 'static,
        E: fmt::Display + 'static,
    {
        let handle = self.begin_optimistic(action, change)?;
        let settling = handle.clone();
        any_spawner::Executor::spawn_local(async move {
            let _result = settling.settle(request).await;
        });
        Ok(handle)
    }

    /// Applies `change` at once as an optimistic change named `action`, and returns the
    /// handle that settles it: [`confirm`](OptimisticChange::confirm),
    /// [`fail`](OptimisticChange::fail), or [`settle`](OptimisticChange::settle) with a
    /// request. See [`optimistic`](Self::optimistic) for how changes combine.
    ///
    /// # Errors
    ///
    /// As for [`update`](Self::update).
    ///
    /// # Examples
    ///
    /// ```
    /// use leptos::prelude::*;
    /// use leptos_state::{ArcStore, OptimisticStatus, State};
    ///
    /// #[derive(State, Clone, PartialEq, Default)]
    /// struct Likes {
    ///     count: u32,
    /// }
    ///
    /// let likes = ArcStore::new(Likes::default());
    /// let first = likes.begin_optimistic("like", |l| l.count += 1).unwrap();
    /// let second = likes.begin_optimistic("like", |l| l.count += 1).unwrap();
    /// assert_eq!(likes.count().get_untracked(), 2);
    ///
    /// first.fail("offline").unwrap();
    /// assert_eq!(likes.count().get_untracked(), 1);
    /// assert_eq!(first.status_untracked(), OptimisticStatus::Failed("offline".into()));
    /// second.confirm().unwrap();
    /// assert_eq!(likes.count().get_untracked(), 1);
    /// ```
    #[track_caller]
    pub fn begin_optimistic(
        &self,
        action: impl Into<Cow<'static, str>>,
        change: impl Fn(&mut S) + Send + Sync + 'static,
    ) -> Result<OptimisticChange<S>, StoreError> {
        let location = Location::caller();
        let action: Cow<'static, str> = action.into();
        let ledger = self.ledger();
        let ticket = Ticket {
            id: ledger.next_id(),
            action: Arc::from(action.as_ref()),
            status: ArcRwSignal::new(OptimisticStatus::Pending),
            location,
        };
        let change: ChangeFn<S> = Arc::new(change);
        let opened = ticket.clone();
        let applied = self.inner.commit(
            || (action, Path::ROOT),
            Origin::Optimistic,
            location,
            |state, _, _| {
                let previous = state.clone();
                change(state);
                let made = diff_state(Some(&ledger.fields), &previous, state);
                let places = made.places();
                let outcome = changed(made, &previous);
                ledger.open(previous, opened, change, places);
                Ok(outcome)
            },
        );
        if let Err(error) = applied {
            ledger.withdraw(ticket.id);
            return Err(error);
        }
        ledger.notify();
        Ok(OptimisticChange {
            ticket,
            store: self.clone(),
        })
    }

    /// The optimistic changes whose requests have not settled, oldest first. Reactive.
    pub fn pending_changes(&self) -> Vec<OptimisticChange<S>> {
        self.ledger().track();
        self.pending_changes_untracked()
    }

    /// [`pending_changes`](Self::pending_changes), without tracking: for event handlers.
    pub fn pending_changes_untracked(&self) -> Vec<OptimisticChange<S>> {
        let ledger = self.ledger();
        ledger
            .pending()
            .into_iter()
            .map(|ticket| OptimisticChange {
                ticket,
                store: self.clone(),
            })
            .collect()
    }

    fn ledger(&self) -> Arc<Ledger<S>> {
        if let Some(ledger) = self.inner.add_on::<Ledger<S>>() {
            return ledger;
        }
        match self
            .inner
            .attach_add_on(Arc::new(Ledger::new(FieldOps::of())))
        {
            Ok(ledger) => {
                let erased: Arc<dyn AnyLedger> = ledger.clone();
                self.inner
                    .extensions
                    .insert(ErasedLedger(Arc::downgrade(&erased)));
                ledger
            }
            // Another thread attached one first.
            Err(ledger) => ledger,
        }
    }
}

impl<S: State> Store<S> {
    /// [`ArcStore::optimistic`] on the arena store.
    ///
    /// # Errors
    ///
    /// As for [`ArcStore::optimistic`], and [`StoreError::Disposed`] after the store's owner
    /// was disposed.
    #[track_caller]
    pub fn optimistic<T, E>(
        &self,
        action: impl Into<Cow<'static, str>>,
        change: impl Fn(&mut S) + Send + Sync + 'static,
        request: impl Future<Output = Result<T, E>> + 'static,
    ) -> Result<OptimisticChange<S>, StoreError>
    where
        T: 'static,
        E: fmt::Display + 'static,
    {
        let action = action.into();
        match self.try_arc() {
            Some(store) => store.optimistic(action, change, request),
            None => Err(self.disposed(action)),
        }
    }

    /// [`ArcStore::begin_optimistic`] on the arena store.
    ///
    /// # Errors
    ///
    /// As for [`ArcStore::begin_optimistic`], and [`StoreError::Disposed`] after the store's
    /// owner was disposed.
    #[track_caller]
    pub fn begin_optimistic(
        &self,
        action: impl Into<Cow<'static, str>>,
        change: impl Fn(&mut S) + Send + Sync + 'static,
    ) -> Result<OptimisticChange<S>, StoreError> {
        let action = action.into();
        match self.try_arc() {
            Some(store) => store.begin_optimistic(action, change),
            None => Err(self.disposed(action)),
        }
    }

    /// [`ArcStore::pending_changes`] on the arena store; empty once it is disposed.
    pub fn pending_changes(&self) -> Vec<OptimisticChange<S>> {
        self.try_arc()
            .map(|store| store.pending_changes())
            .unwrap_or_default()
    }

    /// [`ArcStore::pending_changes_untracked`] on the arena store; empty once it is
    /// disposed.
    pub fn pending_changes_untracked(&self) -> Vec<OptimisticChange<S>> {
        self.try_arc()
            .map(|store| store.pending_changes_untracked())
            .unwrap_or_default()
    }
}
