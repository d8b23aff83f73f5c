//! [`Ledger`]: a store's optimistic changes that have not settled, the confirmed state
//! beneath them, and the plain writes made since.

use super::Ticket;
use crate::{
    AddOn, Change, Committed, OptimisticStatus, Origin, Wants,
    state::FieldOps,
    store::revert::{Operation, Overwritten, Previous, SlotValue},
    sync,
    tree::Node,
};
use reactive_graph::{
    signal::{ArcRwSignal, ArcTrigger},
    traits::{GetUntracked, Notify, Track},
};
use std::sync::{
    Arc, Mutex, MutexGuard,
    atomic::{AtomicBool, AtomicU64, Ordering},
};

/// A change to apply to the state, re-run whenever the state is replayed.
pub(crate) type ChangeFn<S> = Arc<dyn Fn(&mut S) + Send + Sync>;

/// One optimistic change in the ledger.
pub(crate) struct Entry<S> {
    pub(crate) ticket: Ticket,
    change: ChangeFn<S>,
    correction: Option<ChangeFn<S>>,
    confirmed: bool,
}

/// The book without one change, for undoing that change once confirmed: see
/// [`Ledger::undo_of`].
pub(crate) struct Unconfirmed<S> {
    base: Arc<S>,
    lines: Vec<Replayed<S>>,
    fields: FieldOps<S>,
}

/// A line of the book, kept by an undo step.
enum Replayed<S> {
    Change {
        status: ArcRwSignal<OptimisticStatus>,
        change: ChangeFn<S>,
        correction: Option<ChangeFn<S>>,
    },
    Write(Arc<PlainWrite<S>>),
}

impl<S: Clone> Unconfirmed<S> {
    /// The state without the change: the book replayed in order, leaving out the changes
    /// that have failed by now.
    pub(crate) fn state_now(&self) -> S {
        let mut state = S::clone(&self.base);
        let scratch = Node::new();
        for line in &self.lines {
            match line {
                Replayed::Change { status, .. }
                    if matches!(status.get_untracked(), OptimisticStatus::Failed(_)) => {}
                Replayed::Change {
                    change, correction, ..
                } => {
                    change(&mut state);
                    if let Some(correction) = correction {
                        correction(&mut state);
                    }
                }
                Replayed::Write(write) => write.apply(&self.fields, &mut state, &scratch),
            }
        }
        state
    }
}

/// A plain write made while optimistic changes were pending, kept as the values it wrote.
pub(crate) enum PlainWrite<S> {
    /// The slice's value after the write.
    Slot(Box<dyn SlotValue<S>>),
    /// The fields a whole-store write changed, with their values after it.
    Fields { state: Box<S>, fields: Box<[u32]> },
    /// A collection operation, replayed as the operation.
    Operation(Arc<dyn Operation<S>>),
}

impl<S> PlainWrite<S> {
    /// Writes the kept values into `state` (a copy being replayed).
    fn apply(&self, fields: &FieldOps<S>, state: &mut S, scratch: &Arc<Node>) {
        match self {
            PlainWrite::Slot(slot) => {
                // A slice whose item a rollback removed has nowhere to go; the write was
                // to that item, which is gone with it.
                let _placed = slot.put(state, scratch);
            }
            PlainWrite::Fields {
                state: after,
                fields: which,
            } => fields.copy(state, after, which),
            PlainWrite::Operation(operation) => operation.apply(state, scratch),
        }
    }
}

pub(crate) enum Line<S> {
    Change(Entry<S>),
    /// Shared with the undo steps of changes confirmed while it was in the book.
    Write(Arc<PlainWrite<S>>),
}

pub(crate) struct Book<S> {
    /// The state with every settled change and plain write below the oldest pending change;
    /// `None` when nothing is pending. Shared with the undo steps of changes confirmed
    /// above it, and copied only when it changes under them.
    base: Option<Arc<S>>,
    /// Since `base`, in the order they happened.
    lines: Vec<Line<S>>,
}

pub(crate) struct Ledger<S> {
    book: Mutex<Book<S>>,
    /// Whether a change is pending, readable without the lock: only then do commits keep
    /// what they overwrote for the ledger.
    open: AtomicBool,
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
            open: AtomicBool::new(false),
            fields,
            trigger: ArcTrigger::new(),
            next_id: AtomicU64::new(1),
        }
    }

    /// Whether any change is pending.
    pub(crate) fn is_open(&self) -> bool {
        self.open.load(Ordering::Acquire)
    }

    pub(crate) fn next_id(&self) -> u64 {
        self.next_id.fetch_add(1, Ordering::Relaxed)
    }

    pub(crate) fn lock(&self) -> MutexGuard<'_, Book<S>> {
        sync::lock(&self.book)
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
    pub(crate) fn open(&self, previous: &S, ticket: Ticket, change: ChangeFn<S>) {
        let mut book = self.lock();
        if book.base.is_none() {
            book.base = Some(Arc::new(previous.clone()));
        }
        book.lines.push(Line::Change(Entry {
            ticket,
            change,
            correction: None,
            confirmed: false,
        }));
        self.open.store(true, Ordering::Release);
    }

    /// Takes back a change whose commit was refused: it never happened.
    pub(crate) fn withdraw(&self, id: u64) {
        let mut book = self.lock();
        book.lines
            .retain(|line| !matches!(line, Line::Change(entry) if entry.ticket.id == id));
        self.fold(&mut book);
    }

    /// Keeps a plain write (or undo, redo) made while changes are pending, as the values it
    /// wrote, so that a rollback replays it after the changes made before it.
    fn record(
        &self,
        change: &Change<'_>,
        overwritten: &Overwritten<S>,
        state: &S,
        tree: &Arc<Node>,
    ) {
        if !records(change.origin()) || !self.is_open() {
            return;
        }
        let mut book = self.lock();
        if book.base.is_none() {
            return;
        }
        let write = match (&overwritten.operation, &overwritten.previous) {
            (Some(operation), _) => PlainWrite::Operation(Arc::clone(operation)),
            (None, Previous::Slot(slot)) => match slot.as_whole_state() {
                Some(previous) => self.fields_kept(previous, state),
                None => match slot.capture(state, tree) {
                    Some(slot) => PlainWrite::Slot(slot),
                    None => return,
                },
            },
            (None, Previous::State(previous)) => self.fields_kept(previous, state),
        };
        book.lines.push(Line::Write(Arc::new(write)));
    }

    fn fields_kept(&self, previous: &S, state: &S) -> PlainWrite<S> {
        PlainWrite::Fields {
            state: Box::new(state.clone()),
            fields: self.fields.differing(previous, state, |_| true),
        }
    }

    /// Whether the change `id` is pending.
    pub(crate) fn is_pending(&self, book: &Book<S>, id: u64) -> bool {
        book.lines.iter().any(
            |line| matches!(line, Line::Change(entry) if entry.ticket.id == id && !entry.confirmed),
        )
    }

    /// The state the book gives: its base with every line replayed in order, leaving out
    /// the change `without` and correcting the change `corrected` (with the correction it
    /// is about to get). `None` when nothing is pending.
    pub(crate) fn replay(
        &self,
        book: &Book<S>,
        without: Option<u64>,
        corrected: Option<(u64, &ChangeFn<S>)>,
    ) -> Option<S> {
        let mut state = S::clone(book.base.as_ref()?);
        // Slices cache where keys are in the tree they are given; a replayed copy of the
        // state must not leave its positions in the store's own tree.
        let scratch = Node::new();
        for line in &book.lines {
            match line {
                Line::Change(entry) if Some(entry.ticket.id) == without => {}
                Line::Change(entry) if Some(entry.ticket.id) == corrected.map(|(id, _)| id) => {
                    (entry.change)(&mut state);
                    if let Some((_, correction)) = corrected {
                        correction(&mut state);
                    }
                }
                line => self.apply_line(&mut state, line, &scratch),
            }
        }
        Some(state)
    }

    /// What undoing the change `id` once confirmed puts back: the book without it, as
    /// lines to replay when the step is undone. `None` when nothing is pending.
    pub(crate) fn undo_of(&self, book: &Book<S>, id: u64) -> Option<Unconfirmed<S>> {
        let base = book.base.clone()?;
        let lines = book
            .lines
            .iter()
            .filter_map(|line| match line {
                Line::Change(entry) if entry.ticket.id == id => None,
                Line::Change(entry) => Some(Replayed::Change {
                    status: entry.ticket.status.clone(),
                    change: entry.change.clone(),
                    correction: entry.correction.clone(),
                }),
                Line::Write(write) => Some(Replayed::Write(write.clone())),
            })
            .collect();
        Some(Unconfirmed {
            base,
            lines,
            fields: self.fields.clone(),
        })
    }

    fn apply_line(&self, state: &mut S, line: &Line<S>, scratch: &Arc<Node>) {
        match line {
            Line::Change(entry) => {
                (entry.change)(state);
                if let Some(correction) = &entry.correction {
                    correction(state);
                }
            }
            Line::Write(write) => write.apply(&self.fields, state, scratch),
        }
    }

    /// Records that the change `id` was confirmed, with its correction, once the store took
    /// it.
    pub(crate) fn confirm(&self, id: u64, correction: Option<ChangeFn<S>>) {
        let mut book = self.lock();
        for line in &mut book.lines {
            if let Line::Change(entry) = line
                && entry.ticket.id == id
            {
                entry.confirmed = true;
                entry.correction = correction;
                break;
            }
        }
        self.fold(&mut book);
    }

    /// Removes the change `id`, once the store took its rollback.
    pub(crate) fn remove(&self, id: u64) {
        let mut book = self.lock();
        book.lines
            .retain(|line| !matches!(line, Line::Change(entry) if entry.ticket.id == id));
        self.fold(&mut book);
    }

    /// Moves the settled lines below the oldest pending change into the base; with nothing
    /// pending, empties the book.
    fn fold(&self, book: &mut Book<S>) {
        let settled = book
            .lines
            .iter()
            .position(|line| matches!(line, Line::Change(entry) if !entry.confirmed))
            .unwrap_or(book.lines.len());
        if settled == book.lines.len() {
            book.base = None;
            book.lines.clear();
            self.open.store(false, Ordering::Release);
            return;
        }
        if settled == 0 {
            return;
        }
        let Some(mut base) = book.base.take() else {
            return;
        };
        let scratch = Node::new();
        let folded = Arc::make_mut(&mut base);
        for line in book.lines.drain(..settled) {
            self.apply_line(folded, &line, &scratch);
        }
        book.base = Some(base);
    }
}

/// Whether the ledger keeps changes from `origin` as plain writes: all but its own.
fn records(origin: Origin) -> bool {
    !matches!(origin, Origin::Optimistic | Origin::Rollback)
}

/// While changes are pending, the ledger keeps every other write, with collection writes as
/// the operations they were.
impl<S: Clone + Send + Sync + 'static> AddOn<S> for Ledger<S> {
    fn name(&self) -> &str {
        "optimistic changes"
    }

    fn wants(&self, origin: Origin) -> Wants {
        if records(origin) && self.is_open() {
            Wants::OPERATIONS
        } else {
            Wants::NOTHING
        }
    }

    fn committed(&self, committed: &mut Committed<'_, S>) {
        if let Some(overwritten) = committed.overwritten() {
            self.record(
                committed.change(),
                overwritten,
                committed.state(),
                committed.tree(),
            );
        }
    }
}

/// A ledger's pending tickets, whatever its state type.
#[allow(
    dead_code,
    reason = "read by the devtools, which list stores and machines of every type"
)]
pub(crate) trait AnyLedger: Send + Sync + 'static {
    /// The pending changes, oldest first; tracked.
    fn pending_tracked(&self) -> Vec<Ticket>;
}

impl<S: Clone + Send + Sync + 'static> AnyLedger for Ledger<S> {
    fn pending_tracked(&self) -> Vec<Ticket> {
        self.track();
        self.pending()
    }
}

/// A store's optimistic changes, its state type erased, published in the store's extensions
/// for code that lists stores of every type (the devtools); holds the ledger weakly.
#[derive(Clone)]
#[allow(
    dead_code,
    reason = "read by the devtools, which list stores and machines of every type"
)]
pub(crate) struct ErasedLedger(pub(crate) std::sync::Weak<dyn AnyLedger>);
