//! [`Ledger`]: a store's optimistic changes that have not settled, the confirmed state
//! beneath them, and the plain writes made since.

use super::Ticket;
use crate::{
    Change, Origin,
    history::recorder::FieldOps,
    slice::Node,
    store::revert::{Revert, SlotValue},
};
use reactive_graph::{
    signal::ArcTrigger,
    traits::{Notify, Track},
};
use std::sync::{
    Arc, Mutex, MutexGuard, PoisonError,
    atomic::{AtomicU64, Ordering},
};

/// A change to apply to the state, re-run whenever the state is replayed.
pub(crate) type Apply<S> = Arc<dyn Fn(&mut S) + Send + Sync>;

/// One optimistic change in the ledger.
pub(crate) struct Entry<S> {
    pub(crate) ticket: Ticket,
    apply: Apply<S>,
    correction: Option<Apply<S>>,
    confirmed: bool,
}

/// A plain write made while optimistic changes were pending, kept as the values it wrote.
pub(crate) enum Kept<S> {
    /// The slice's value after the write.
    Slot(Box<dyn SlotValue<S>>),
    /// The fields a whole-store write changed, with their values after it.
    Fields { state: Box<S>, fields: Box<[u32]> },
}

pub(crate) enum Line<S> {
    Change(Entry<S>),
    Write(Kept<S>),
}

pub(crate) struct Book<S> {
    /// The state with every settled change and plain write below the oldest pending change;
    /// `None` when nothing is pending.
    base: Option<S>,
    /// Since `base`, in the order they happened.
    lines: Vec<Line<S>>,
}

pub(crate) struct Ledger<S> {
    book: Mutex<Book<S>>,
    fields: FieldOps<S>,
    trigger: ArcTrigger,
    next_id: AtomicU64,
}

impl<S: Clone + Send + Sync + 'static> Ledger<S> {
    pub(crate) fn new(fields: FieldOps<S>) -> Self {
        Ledger {
            book: Mutex::new(Book {
                base: None,
                lines: Vec::new(),
            }),
            fields,
            trigger: ArcTrigger::new(),
            next_id: AtomicU64::new(1),
        }
    }

    pub(crate) fn next_id(&self) -> u64 {
        self.next_id.fetch_add(1, Ordering::Relaxed)
    }

    pub(crate) fn lock(&self) -> MutexGuard<'_, Book<S>> {
        self.book.lock().unwrap_or_else(PoisonError::into_inner)
    }

    pub(crate) fn track(&self) {
        self.trigger.track();
    }

    pub(crate) fn notify(&self) {
        self.trigger.notify();
    }

    /// The pending changes, oldest first.
    pub(crate) fn pending(&self) -> Vec<Ticket> {
        self.lock()
            .lines
            .iter()
            .filter_map(|line| match line {
                Line::Change(entry) if !entry.confirmed => Some(entry.ticket.clone()),
                _ => None,
            })
            .collect()
    }

    /// Adds a change just applied to `state`, whose value before it was `previous`.
    pub(crate) fn open(&self, book: &mut Book<S>, previous: &S, ticket: Ticket, apply: Apply<S>) {
        if book.base.is_none() {
            book.base = Some(previous.clone());
        }
        book.lines.push(Line::Change(Entry {
            ticket,
            apply,
            correction: None,
            confirmed: false,
        }));
    }

    /// Takes back a change whose commit was refused: it never happened.
    pub(crate) fn withdraw(&self, id: u64) {
        let mut book = self.lock();
        book.lines
            .retain(|line| !matches!(line, Line::Change(entry) if entry.ticket.id == id));
        if !book
            .lines
            .iter()
            .any(|line| matches!(line, Line::Change(_)))
        {
            book.base = None;
            book.lines.clear();
        }
    }

    /// Keeps a plain write (or undo, redo) made while changes are pending, as the values it
    /// wrote, so that a rollback replays it after the changes made before it.
    pub(crate) fn record(
        &self,
        change: &Change<'_>,
        revert: &Revert<S>,
        state: &S,
        tree: &Arc<Node>,
    ) {
        if matches!(change.origin(), Origin::Optimistic | Origin::Rollback) {
            return;
        }
        let mut book = self.lock();
        if book.base.is_none() {
            return;
        }
        let kept = match revert {
            Revert::Slot { slot, .. } => match slot.whole() {
                Some(previous) => self.fields_kept(previous, state),
                None => match slot.capture(state, tree) {
                    Some(slot) => Kept::Slot(slot),
                    None => return,
                },
            },
            Revert::Whole(previous) => self.fields_kept(previous, state),
        };
        book.lines.push(Line::Write(kept));
    }

    fn fields_kept(&self, previous: &S, state: &S) -> Kept<S> {
        Kept::Fields {
            state: Box::new(state.clone()),
            fields: self.fields.differing(previous, state, |_| true),
        }
    }

    /// The state the book gives: its base with every line replayed in order, leaving out
    /// the change `without`.
    pub(crate) fn replay(
        &self,
        book: &Book<S>,
        tree: &Arc<Node>,
        without: Option<u64>,
    ) -> Option<S> {
        let mut state = book.base.clone()?;
        for line in &book.lines {
            self.apply_line(&mut state, line, tree, without);
        }
        Some(state)
    }

    fn apply_line(&self, state: &mut S, line: &Line<S>, tree: &Arc<Node>, without: Option<u64>) {
        match line {
            Line::Change(entry) if Some(entry.ticket.id) == without => {}
            Line::Change(entry) => {
                (entry.apply)(state);
                if let Some(correction) = &entry.correction {
                    correction(state);
                }
            }
            Line::Write(Kept::Slot(slot)) => {
                // A slice whose item a rollback removed has nowhere to go; the write was
                // to that item, which is gone with it.
                let _placed = slot.put(state, tree);
            }
            Line::Write(Kept::Fields {
                state: after,
                fields,
            }) => {
                self.fields.copy(state, after, fields);
            }
        }
    }

    /// Marks the change `id` confirmed, with its correction; returns `false` if it is not
    /// pending.
    pub(crate) fn confirm(
        &self,
        book: &mut Book<S>,
        id: u64,
        correction: Option<Apply<S>>,
    ) -> bool {
        for line in &mut book.lines {
            if let Line::Change(entry) = line
                && entry.ticket.id == id
                && !entry.confirmed
            {
                entry.confirmed = true;
                entry.correction = correction;
                return true;
            }
        }
        false
    }

    /// Removes the change `id`; returns `false` if it is not pending.
    pub(crate) fn remove(&self, book: &mut Book<S>, id: u64) -> bool {
        let before = book.lines.len();
        book.lines.retain(
            |line| !matches!(line, Line::Change(entry) if entry.ticket.id == id && !entry.confirmed),
        );
        book.lines.len() != before
    }

    /// Moves the settled lines below the oldest pending change into the base.
    pub(crate) fn fold(&self, book: &mut Book<S>, tree: &Arc<Node>) {
        let settled = book
            .lines
            .iter()
            .position(|line| matches!(line, Line::Change(entry) if !entry.confirmed))
            .unwrap_or(book.lines.len());
        if settled == book.lines.len() {
            book.base = None;
            book.lines.clear();
            return;
        }
        let Some(mut base) = book.base.take() else {
            return;
        };
        for line in book.lines.drain(..settled) {
            self.apply_line(&mut base, &line, tree, None);
        }
        book.base = Some(base);
    }
}
