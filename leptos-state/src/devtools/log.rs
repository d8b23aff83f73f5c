//! The action log one inspected store keeps while the devtools are watched: every change's
//! name, origin, time and path, and the state after it.

use super::{LOG_LIMIT, STATE_LIMIT, watch};
use crate::{AddOn, Change, Committed, Origin, Path, Wants, sync};
use reactive_graph::{
    signal::ArcTrigger,
    traits::{Notify, Track},
};
use std::{
    borrow::Cow,
    collections::VecDeque,
    sync::{
        Arc, Mutex, MutexGuard,
        atomic::{AtomicBool, Ordering},
    },
};

/// One change in a store's action log.
#[derive(Debug, Clone, PartialEq)]
pub struct LogEntry {
    seq: u64,
    action: Cow<'static, str>,
    origin: Origin,
    at: f64,
    touched: Path,
    has_state: bool,
    refused: Option<(Cow<'static, str>, String)>,
}

impl LogEntry {
    /// The entry's number: 1 for the store's first change, counting up.
    pub fn seq(&self) -> u64 {
        self.seq
    }

    /// The action's name.
    pub fn action(&self) -> &str {
        &self.action
    }

    /// Where the change came from.
    pub fn origin(&self) -> Origin {
        self.origin
    }

    /// When the change was committed, in milliseconds since the Unix epoch.
    pub fn time_ms(&self) -> f64 {
        self.at
    }

    /// The part of the state the change wrote.
    pub fn touched(&self) -> &Path {
        &self.touched
    }

    /// Whether the log still keeps the state after this change (and before it), so that the
    /// devtools can show it, diff it and jump to it: it does for the newest [`STATE_LIMIT`]
    /// entries.
    pub fn has_state(&self) -> bool {
        self.has_state
    }

    /// For a write a middleware refused, the middleware's name and its reason. A refused
    /// write changed nothing: it has no state of its own.
    pub fn refused(&self) -> Option<(&str, &str)> {
        self.refused
            .as_ref()
            .map(|(middleware, reason)| (&**middleware, reason.as_str()))
    }
}

struct Entry<S> {
    info: LogEntry,
    before: Option<Arc<S>>,
    after: Option<Arc<S>>,
}

struct Entries<S> {
    next_seq: u64,
    entries: VecDeque<Entry<S>>,
    /// The state after the newest change, kept while watched: the next entry's `before`.
    last: Option<Arc<S>>,
    /// How many entries keep their states.
    with_state: usize,
}

impl<S> Entries<S> {
    /// Drops the oldest entry once the log holds more than [`LOG_LIMIT`].
    fn drop_oldest(&mut self) {
        if self.entries.len() > LOG_LIMIT
            && let Some(old) = self.entries.pop_front()
            && old.after.is_some()
        {
            self.with_state -= 1;
        }
    }
}

/// The log of one inspected store, attached to it as an [`AddOn`]: it records each change
/// while the devtools are watched, and holds the devtools' lock.
pub(crate) struct Log<S> {
    entries: Mutex<Entries<S>>,
    trigger: ArcTrigger,
    /// Entries were added since readers were last notified.
    dirty: AtomicBool,
    /// Whether the devtools locked the store: the application's own changes are refused.
    locked: AtomicBool,
}

/// A past state the log kept: the state after an entry and the one before it.
pub(crate) struct LoggedStates<S> {
    pub(crate) before: Option<Arc<S>>,
    pub(crate) after: Arc<S>,
}

impl<S: Clone> Log<S> {
    pub(crate) fn new() -> Self {
        Log {
            entries: Mutex::new(Entries {
                next_seq: 1,
                entries: VecDeque::new(),
                last: None,
                with_state: 0,
            }),
            trigger: ArcTrigger::new(),
            dirty: AtomicBool::new(false),
            locked: AtomicBool::new(false),
        }
    }

    /// Locks the store against the application's own changes (`true`), or unlocks it.
    pub(crate) fn set_locked(&self, locked: bool) {
        self.locked.store(locked, Ordering::Relaxed);
    }

    /// Whether the store is locked.
    pub(crate) fn is_locked(&self) -> bool {
        self.locked.load(Ordering::Relaxed)
    }

    fn lock(&self) -> MutexGuard<'_, Entries<S>> {
        sync::lock(&self.entries)
    }

    /// Appends a change with a copy of `state`; called only while the devtools are watched.
    // A `&Cow` rather than a `&str`: cloning a borrowed name (most are) allocates nothing.
    #[allow(clippy::ptr_arg)]
    pub(crate) fn record(
        &self,
        action: &Cow<'static, str>,
        origin: Origin,
        touched: &Path,
        state: &S,
    ) {
        let after = Arc::new(state.clone());
        let mut entries = self.lock();
        let before = entries.last.replace(after.clone());
        let seq = entries.next_seq;
        entries.next_seq += 1;
        entries.entries.push_back(Entry {
            info: LogEntry {
                seq,
                action: action.clone(),
                origin,
                at: crate::clock::unix_ms(),
                touched: touched.clone(),
                has_state: true,
                refused: None,
            },
            before,
            after: Some(after),
        });
        entries.drop_oldest();
        self.dirty.store(true, Ordering::Relaxed);
        // Keep the states of the newest `STATE_LIMIT` changes: refused writes, which have
        // none, do not count.
        entries.with_state += 1;
        if entries.with_state > STATE_LIMIT
            && let Some(old) = entries
                .entries
                .iter_mut()
                .find(|entry| entry.after.is_some())
        {
            old.before = None;
            old.after = None;
            old.info.has_state = false;
            entries.with_state -= 1;
        }
    }

    /// Appends a write that `middleware` refused for `reason`, and tells the log's readers.
    pub(crate) fn record_refused(&self, change: &Change<'_>, middleware: &str, reason: &str) {
        {
            let mut entries = self.lock();
            let seq = entries.next_seq;
            entries.next_seq += 1;
            entries.entries.push_back(Entry {
                info: LogEntry {
                    seq,
                    action: Cow::Owned(change.action().to_owned()),
                    origin: change.origin(),
                    at: crate::clock::unix_ms(),
                    touched: change.touched()[0].clone(),
                    has_state: false,
                    refused: Some((Cow::Owned(middleware.to_owned()), reason.to_owned())),
                },
                before: None,
                after: None,
            });
            entries.drop_oldest();
        }
        self.trigger.notify();
    }

    /// Starts logging, from `current` on.
    pub(crate) fn begin_watch(&self, current: S) {
        self.lock().last = Some(Arc::new(current));
    }

    /// Stops logging; the entries and states already kept stay, for the next time the
    /// devtools open.
    pub(crate) fn end_watch(&self) {
        self.lock().last = None;
    }

    /// The entries, oldest first; tracked, so a view re-runs when a change is logged.
    pub(crate) fn entries(&self) -> Vec<LogEntry> {
        self.trigger.track();
        self.lock().entries.iter().map(|e| e.info.clone()).collect()
    }

    /// Entry `seq`, if the log still has it; tracked, as [`entries`](Self::entries).
    pub(crate) fn entry(&self, seq: u64) -> Option<LogEntry> {
        self.trigger.track();
        let entries = self.lock();
        entries
            .entries
            .iter()
            .find(|entry| entry.info.seq == seq)
            .map(|entry| entry.info.clone())
    }

    /// The states around entry `seq`, unless the entry or its states were dropped for age.
    pub(crate) fn kept(&self, seq: u64) -> Option<LoggedStates<S>> {
        let entries = self.lock();
        let entry = entries.entries.iter().find(|e| e.info.seq == seq)?;
        Some(LoggedStates {
            before: entry.before.clone(),
            after: entry.after.clone()?,
        })
    }
}

impl<S: Clone + Send + Sync + 'static> AddOn<S> for Log<S> {
    fn name(&self) -> &str {
        "devtools"
    }

    /// The change record, only while something shows the devtools.
    fn wants(&self, _: Origin) -> Wants {
        if watch::is_watched() {
            Wants::CHANGE
        } else {
            Wants::NOTHING
        }
    }

    /// While locked, the application's own changes; settling optimistic changes, hydration
    /// and tab sync go through (refusing them would lose data), and so do the devtools' own.
    fn locks(&self, origin: Origin) -> bool {
        matches!(origin, Origin::User | Origin::Undo | Origin::Redo) && self.is_locked()
    }

    fn committed(&self, committed: &mut Committed<'_, S>) {
        if watch::is_watched() {
            let change = committed.change();
            self.record(
                committed.action(),
                change.origin(),
                &change.touched()[0],
                committed.state(),
            );
        }
    }

    /// A refused write, while something shows the devtools: the store is unlocked already.
    fn refused(&self, change: &Change<'_>, middleware: &str, reason: &str) {
        if watch::is_watched() {
            self.record_refused(change, middleware, reason);
        }
    }

    /// Tells the log's readers about new entries once the store is unlocked, as the store
    /// notifies its own readers then: a reader may read the store.
    fn unlocked(&self) {
        // A load first: most commits leave nothing to tell, and a load is cheaper than a swap.
        if self.dirty.load(Ordering::Relaxed) && self.dirty.swap(false, Ordering::Relaxed) {
            self.trigger.notify();
        }
    }
}
