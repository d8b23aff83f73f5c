//! [`Ledger`]: a store's optimistic changes that have not settled, the confirmed state
//! beneath them, and the plain writes made since.

use super::Ticket;
use crate::{
    AddOn, Committed, Origin, Wants,
    edit::{Edits, Place},
    slice::diff::diff_state,
    state::FieldOps,
    store::revert::{Overwritten, Previous},
    sync,
    tree::Node,
};
use reactive_graph::{
    signal::ArcTrigger,
    traits::{Notify, Track},
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
    confirmed: bool,
    /// Where it wrote when it began: if it fails, whatever holds its effect there (a write
    /// made over it, an undo step) is suspect.
    places: Vec<Place>,
}

pub(crate) enum Line<S> {
    Change(Entry<S>),
    /// A plain write made while changes were pending: the edits it made, each reaching its
    /// place by slice (a row by its key), so that it lands on the same row when replayed.
    Write(Edits<S>),
    /// The correction the change `id` was confirmed with, where it was confirmed: the writes
    /// made before it were made to the change as first applied.
    Correction {
        id: u64,
        correct: ChangeFn<S>,
    },
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
    /// Whether a change is pending, readable without the lock: only then do commits keep
    /// what they overwrote for the ledger.
    open: AtomicBool,
    pub(crate) fields: FieldOps<S>,
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

    /// Adds a change just applied to a state whose value before it was `previous`, which
    /// wrote `places`.
    pub(crate) fn open(
        &self,
        previous: S,
        ticket: Ticket,
        change: ChangeFn<S>,
        places: Vec<Place>,
    ) {
        let mut book = self.lock();
        if book.base.is_none() {
            book.base = Some(previous);
        }
        book.lines.push(Line::Change(Entry {
            ticket,
            change,
            confirmed: false,
            places,
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

    /// Keeps a plain write (or undo, redo, another tab's change) made while changes are
    /// pending, as the edits it made, so that a rollback replays it after the changes made
    /// before it.
    fn record(&self, overwritten: &Overwritten<S>, state: &S, tree: &Arc<Node>) {
        let mut book = self.lock();
        if book.base.is_none() {
            return;
        }
        let made = match &overwritten.previous {
            Previous::State(before) => diff_state(Some(&self.fields), before, state),
            // Read from the state after the change, each edit's inverse is what it wrote.
            Previous::Edits(undo) => undo.inverse(state, tree),
        };
        if !made.is_empty() {
            book.lines.push(Line::Write(made));
        }
    }

    /// Where the change `id` wrote when it began.
    pub(crate) fn places_of(&self, book: &Book<S>, id: u64) -> Vec<Place> {
        book.lines
            .iter()
            .find_map(|line| match line {
                Line::Change(entry) if entry.ticket.id == id => Some(entry.places.clone()),
                _ => None,
            })
            .unwrap_or_default()
    }

    /// Whether the change `id` is pending.
    pub(crate) fn is_pending(&self, book: &Book<S>, id: u64) -> bool {
        book.lines.iter().any(
            |line| matches!(line, Line::Change(entry) if entry.ticket.id == id && !entry.confirmed),
        )
    }

    /// The state the book gives: its base with every line replayed in order, leaving out
    /// the change `without` (and its correction). `None` when nothing is pending.
    pub(crate) fn replay(&self, book: &Book<S>, without: Option<u64>) -> Option<S> {
        let mut state = book.base.clone()?;
        // Slices cache where keys are in the tree they are given; a replayed copy of the
        // state must not leave its positions in the store's own tree.
        let scratch = Node::new();
        for line in &book.lines {
            match line {
                Line::Change(entry) if Some(entry.ticket.id) == without => {}
                Line::Correction { id, .. } if Some(*id) == without => {}
                line => apply_line(&mut state, line, &scratch),
            }
        }
        Some(state)
    }

    /// Records that the change `id` was confirmed, with its correction (written into the
    /// state already), once the store took it.
    pub(crate) fn confirm(&self, id: u64, correction: Option<ChangeFn<S>>) {
        let mut book = self.lock();
        for line in &mut book.lines {
            if let Line::Change(entry) = line
                && entry.ticket.id == id
            {
                entry.confirmed = true;
                break;
            }
        }
        if let Some(correct) = correction {
            book.lines.push(Line::Correction { id, correct });
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
        let Some(base) = book.base.as_mut() else {
            return;
        };
        let scratch = Node::new();
        for line in book.lines.drain(..settled) {
            apply_line(base, &line, &scratch);
        }
    }
}

/// Writes one line of the book into `state`, a copy nobody reads.
fn apply_line<S: 'static>(state: &mut S, line: &Line<S>, scratch: &Arc<Node>) {
    match line {
        Line::Change(entry) => (entry.change)(state),
        Line::Correction { correct, .. } => correct(state),
        Line::Write(edits) => {
            edits.replay(state, scratch);
        }
    }
    // The line may have moved keyed rows: a key index built before it is stale.
    scratch.count_write();
}

/// Whether the ledger keeps changes from `origin` as plain writes: all but its own.
fn records(origin: Origin) -> bool {
    !matches!(origin, Origin::Optimistic | Origin::Rollback)
}

/// While changes are pending, the ledger keeps every other write, as the edits it made.
impl<S: Clone + Send + Sync + 'static> AddOn<S> for Ledger<S> {
    fn name(&self) -> &str {
        "optimistic changes"
    }

    fn wants(&self, origin: Origin) -> Wants {
        if records(origin) && self.is_open() {
            Wants::OVERWRITTEN
        } else {
            Wants::NOTHING
        }
    }

    fn committed(&self, committed: &mut Committed<'_, S>) {
        if !records(committed.change().origin()) || !self.is_open() {
            return;
        }
        if let Some(overwritten) = committed.overwritten() {
            self.record(overwritten, committed.state(), committed.tree());
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
