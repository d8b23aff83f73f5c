//! Undo and redo: [`History`], attached to a store, and [`use_history`].

pub(crate) mod erased;
pub(crate) mod recorder;

use erased::ErasedHistory;
pub(crate) use recorder::Recorder;

use crate::{
    ArcStore, Clock, Origin, State, Store, StoreError, clock::default_clock, state::FieldOps,
};
use reactive_graph::owner::use_context;
use std::{borrow::Cow, fmt, panic::Location, sync::Arc, time::Duration};

/// How a [`History`] records: how many steps it keeps and which writes it merges.
///
/// # Examples
///
/// ```
/// use leptos_state::{HistoryOptions, ManualClock};
/// use std::{sync::Arc, time::Duration};
///
/// let options = HistoryOptions::new()
///     .limit(50)
///     .merge_within(Duration::from_millis(500))
///     .clock(Arc::new(ManualClock::new()));
/// ```
#[derive(Clone)]
pub struct HistoryOptions {
    limit: usize,
    merge_within: Duration,
    clock: Option<Arc<dyn Clock>>,
}

impl HistoryOptions {
    /// 100 steps, no merging, the default clock.
    pub fn new() -> Self {
        HistoryOptions {
            limit: 100,
            merge_within: Duration::ZERO,
            clock: None,
        }
    }

    /// Keeps at most `steps` undo steps (at least one); past the limit the oldest is dropped.
    /// Adding a step at the limit costs the same as below it: nothing is copied.
    pub fn limit(self, steps: usize) -> Self {
        HistoryOptions {
            limit: steps.max(1),
            ..self
        }
    }

    /// Merges consecutive writes to the same slice made within `window` of each other into
    /// one step, as typing in a text box should be. Whole-store writes never merge. The
    /// default, zero, merges nothing.
    pub fn merge_within(self, window: Duration) -> Self {
        HistoryOptions {
            merge_within: window,
            ..self
        }
    }

    /// Measures the merge window with `clock`. The default is the browser's clock on wasm
    /// and a [`ManualClock`](crate::ManualClock) elsewhere, whose time stands still unless
    /// advanced: natively, give a clock of your own if you merge writes.
    pub fn clock(self, clock: Arc<dyn Clock>) -> Self {
        HistoryOptions {
            clock: Some(clock),
            ..self
        }
    }
}

impl Default for HistoryOptions {
    fn default() -> Self {
        HistoryOptions::new()
    }
}

impl fmt::Debug for HistoryOptions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HistoryOptions")
            .field("limit", &self.limit)
            .field("merge_within", &self.merge_within)
            .finish_non_exhaustive()
    }
}

/// Undo and redo for one store: a reactive, `Copy` handle.
///
/// Attach it where the store is created, with [`History::attach`]; find it below with
/// [`use_history`] or [`Store::history`]. From then on every change the application makes
/// is a step:
///
/// - **One step per change**: a named action ([`update`](Store::update),
///   [`set`](Store::set), [`reset`](Store::reset)), a [`transaction`](Store::transaction),
///   or a write through a slice. Consecutive writes to one slice can merge into one step
///   ([`HistoryOptions::merge_within`]).
/// - **A step holds what its change wrote, and nothing else**: a write through a slice keeps
///   that slice's previous value (toggling `todos[id=3].done` keeps one `bool`); a `push`
///   onto a keyed list keeps the new row's key, a removal the row and where it was; a
///   whole-store change keeps the fields and rows it changed (found by `#[derive(State)]`'s
///   diff: field by field, keyed lists row by row, maps entry by entry), not a copy of the
///   state. Undo puts back exactly that.
/// - **Changes the history did not make are never undone nor redone**: another tab's
///   ([`Origin::Sync`]), loading ([`Origin::Hydration`]), an optimistic change beginning,
///   being corrected or rolled back, a devtools jump or import, and the application's own
///   changes while recording is [paused](Self::pause). When such a change writes a place
///   that a step would put back, **the other change wins**: the step leaves that place alone
///   (as Yjs' `UndoManager` does), and a step left with nothing to put back is dropped. A
///   place is a field, a row (with everything in it) or a value inside a row: undoing the
///   add of a todo that another tab has ticked since leaves the todo; undoing your rename of
///   it still works if the other tab only ticked it. Undo and redo skip a step that finds
///   nothing left to write and take the next one.
/// - **`#[state(history = false)]`** fields are never recorded and never rewritten: a write
///   at or below one is no step. The flag is read where the write lands: a write to a
///   parent slice (setting a whole nested struct) records, and its undo restores, the
///   nested struct's unrecorded fields with the rest of it.
/// - **Undo and redo are changes**: they go through the store's middleware like any other
///   write, tagged [`Origin::Undo`] and [`Origin::Redo`], so middleware can tell them apart
///   and the history does not record them as new steps. A new change after an undo clears
///   the redo steps.
/// - **Optimistic changes** ([`Store::optimistic`]) are not steps while pending. An undo or
///   redo made while they are pending leaves each to its fate: its confirmation or rollback
///   still applies to it alone. A change becomes a step when it is confirmed (pushed as the
///   newest, without clearing the redo steps): undoing it takes out what it wrote and
///   nothing else. A change that failed is never a step, so redo cannot bring it back.
///
/// A step holds the slice that made the write (a few words: slices of a [`Store`] are
/// handles). Slices made from an [`ArcStore`] hold the store itself, so a store written
/// through them is not freed until its history lets go of those steps, with
/// [`clear`](Self::clear) or as newer steps push them out.
///
/// # Examples
///
/// ```
/// use leptos::prelude::*;
/// use leptos_state::{History, HistoryOptions, State, Store};
///
/// #[derive(State, Clone, PartialEq, Default)]
/// struct Doc {
///     title: String,
///     #[state(history = false)]
///     scroll: u32,
/// }
///
/// # let owner = Owner::new(); owner.set();
/// let doc = Store::new(Doc::default());
/// let history = History::attach(doc, HistoryOptions::new());
///
/// doc.title().set("Draft".into());
/// doc.scroll().set(300); // not recorded
/// assert!(history.can_undo());
/// history.undo().unwrap();
/// assert_eq!(doc.title().get_untracked(), "");
/// assert_eq!(doc.scroll().get_untracked(), 300);
/// history.redo().unwrap();
/// assert_eq!(doc.title().get_untracked(), "Draft");
/// ```
pub struct History<S> {
    store: Store<S>,
}

impl<S: State> History<S> {
    /// Attaches undo history to `store`, recording from now on; fields marked
    /// `#[state(history = false)]` are left out.
    ///
    /// # Panics
    ///
    /// If the store already has a history (find that one with [`Store::history`]), or its
    /// owner was disposed.
    #[track_caller]
    pub fn attach(store: Store<S>, options: HistoryOptions) -> Self {
        Self::attach_with(store, options, Some(FieldOps::of()))
    }
}

impl<S: Clone + Send + Sync + 'static> History<S> {
    /// Attaches undo history to a store whose type does not derive [`State`] (a number, an
    /// enum, a `Vec`): every write is recorded, and a whole-store step puts back the whole
    /// value.
    ///
    /// # Panics
    ///
    /// If the store already has a history, or its owner was disposed.
    ///
    /// # Examples
    ///
    /// ```
    /// use leptos::prelude::*;
    /// use leptos_state::{History, HistoryOptions, Store};
    ///
    /// # let owner = Owner::new(); owner.set();
    /// let count = Store::new(0);
    /// let history = History::attach_any(count, HistoryOptions::new());
    /// count.update("increment", |n| *n += 1).unwrap();
    /// history.undo().unwrap();
    /// assert_eq!(count.get_untracked(), 0);
    /// ```
    #[track_caller]
    pub fn attach_any(store: Store<S>, options: HistoryOptions) -> Self {
        Self::attach_with(store, options, None)
    }

    #[track_caller]
    fn attach_with(store: Store<S>, options: HistoryOptions, fields: Option<FieldOps<S>>) -> Self {
        let arc = store.expect_live();
        let merge_within = u64::try_from(options.merge_within.as_millis()).unwrap_or(u64::MAX);
        let clock = options.clock.unwrap_or_else(default_clock);
        let recorder = Recorder::new(options.limit, merge_within, clock, fields);
        let Ok(recorder) = arc.inner.attach_add_on(Arc::new(recorder)) else {
            panic!(
                "store `{}` already has a history; find it with `store.history()` or \
                 `use_history`",
                arc.inner.name()
            );
        };
        arc.inner
            .extensions
            .insert(ErasedHistory::new(&arc.inner, &recorder));
        History { store }
    }

    /// The history attached to `store`, if any.
    pub(crate) fn of(store: Store<S>) -> Option<Self> {
        let arc = store.try_arc()?;
        arc.inner.add_on::<Recorder<S>>().map(|_| History { store })
    }

    fn recorder(&self) -> Option<(ArcStore<S>, Arc<Recorder<S>>)> {
        let store = self.store.try_arc()?;
        let recorder = store.inner.add_on::<Recorder<S>>()?;
        Some((store, recorder))
    }

    /// Reads the stacks, tracking them when `track` is set.
    fn read<T>(
        &self,
        track: bool,
        read: impl FnOnce(&recorder::Stacks<S>) -> T,
        otherwise: T,
    ) -> T {
        match self.recorder() {
            Some((_, recorder)) => {
                if track {
                    recorder.track();
                }
                read(&recorder.lock())
            }
            None => otherwise,
        }
    }

    /// Whether there is a step to undo. Reactive: use it to disable an undo button.
    pub fn can_undo(&self) -> bool {
        self.read(true, |stacks| !stacks.past.is_empty(), false)
    }

    /// [`can_undo`](Self::can_undo), without tracking: for event handlers.
    pub fn can_undo_untracked(&self) -> bool {
        self.read(false, |stacks| !stacks.past.is_empty(), false)
    }

    /// Whether there is a step to redo. Reactive.
    pub fn can_redo(&self) -> bool {
        self.read(true, |stacks| !stacks.future.is_empty(), false)
    }

    /// [`can_redo`](Self::can_redo), without tracking.
    pub fn can_redo_untracked(&self) -> bool {
        self.read(false, |stacks| !stacks.future.is_empty(), false)
    }

    /// How many steps can be undone. Reactive.
    pub fn past_len(&self) -> usize {
        self.read(true, |stacks| stacks.past.len(), 0)
    }

    /// [`past_len`](Self::past_len), without tracking.
    pub fn past_len_untracked(&self) -> usize {
        self.read(false, |stacks| stacks.past.len(), 0)
    }

    /// How many steps can be redone. Reactive.
    pub fn future_len(&self) -> usize {
        self.read(true, |stacks| stacks.future.len(), 0)
    }

    /// [`future_len`](Self::future_len), without tracking.
    pub fn future_len_untracked(&self) -> usize {
        self.read(false, |stacks| stacks.future.len(), 0)
    }

    /// The most steps the history keeps.
    pub fn limit(&self) -> usize {
        self.recorder().map_or(0, |(_, recorder)| recorder.limit())
    }

    /// Whether recording is paused. Reactive.
    pub fn is_paused(&self) -> bool {
        self.read(true, |stacks| stacks.paused, false)
    }

    /// [`is_paused`](Self::is_paused), without tracking.
    pub fn is_paused_untracked(&self) -> bool {
        self.read(false, |stacks| stacks.paused, false)
    }

    /// Stops recording the application's changes until [`resume`](Self::resume); undo and
    /// redo keep working. Changes made meanwhile are not steps and are never undone: a step
    /// that would put back a place one of them wrote leaves that place as they left it.
    pub fn pause(&self) {
        self.set_paused(true);
    }

    /// Records the application's changes again.
    pub fn resume(&self) {
        self.set_paused(false);
    }

    fn set_paused(&self, paused: bool) {
        if let Some((_, recorder)) = self.recorder() {
            recorder.set_paused(paused);
        }
    }

    /// Drops every undo and redo step.
    pub fn clear(&self) {
        if let Some((_, recorder)) = self.recorder() {
            recorder.clear();
        }
    }

    /// What each step that can be undone undoes, oldest first: a named action's name, or
    /// the path a slice write wrote (`todos[id=3].done`). Reactive.
    pub fn past_steps(&self) -> Vec<String> {
        self.read_labels(true).0
    }

    /// [`past_steps`](Self::past_steps), without tracking.
    pub fn past_steps_untracked(&self) -> Vec<String> {
        self.read_labels(false).0
    }

    /// What each step that can be redone redoes, the next one first. Reactive.
    pub fn future_steps(&self) -> Vec<String> {
        self.read_labels(true).1
    }

    /// [`future_steps`](Self::future_steps), without tracking.
    pub fn future_steps_untracked(&self) -> Vec<String> {
        self.read_labels(false).1
    }

    fn read_labels(&self, track: bool) -> (Vec<String>, Vec<String>) {
        match self.recorder() {
            Some((_, recorder)) => {
                if track {
                    recorder.track();
                }
                recorder.labels()
            }
            None => Default::default(),
        }
    }

    /// Puts back what the newest step wrote, as a change with [`Origin::Undo`]; a step whose
    /// places are all gone (its row removed since) is dropped and the next one is taken.
    /// With nothing to undo, does nothing.
    ///
    /// # Errors
    ///
    /// Whatever the write returns: [`StoreError::Refused`] when a middleware refuses it,
    /// [`StoreError::Locked`] while the devtools hold the store, [`StoreError::Disposed`]
    /// after the store's owner was disposed. The step stays, and the state is unchanged.
    #[track_caller]
    pub fn undo(&self) -> Result<(), StoreError> {
        self.step(Origin::Undo, Location::caller())
    }

    /// Applies the newest undone step again, as a change with [`Origin::Redo`]; with nothing
    /// to redo, does nothing.
    ///
    /// # Errors
    ///
    /// As for [`undo`](Self::undo).
    #[track_caller]
    pub fn redo(&self) -> Result<(), StoreError> {
        self.step(Origin::Redo, Location::caller())
    }

    /// Undoes `-steps` steps (when negative) or redoes `steps` (when positive), one change
    /// each. As with [`undo`](Self::undo), a step that finds nothing left to write is dropped
    /// on the way and does not count; if the history runs out because of such steps, the
    /// jump stops there.
    ///
    /// # Errors
    ///
    /// [`StoreError::OutOfHistory`] when there are fewer steps than asked for (nothing
    /// moves), and otherwise as for [`undo`](Self::undo): the jump stops at the step that
    /// failed, with the steps before it done.
    ///
    /// # Examples
    ///
    /// ```
    /// use leptos::prelude::*;
    /// use leptos_state::{History, HistoryOptions, Store};
    ///
    /// # let owner = Owner::new(); owner.set();
    /// let count = Store::new(0);
    /// let history = History::attach_any(count, HistoryOptions::new());
    /// for n in 1..=3 {
    ///     count.set("set", n).unwrap();
    /// }
    /// history.jump(-3).unwrap();
    /// assert_eq!(count.get_untracked(), 0);
    /// history.jump(2).unwrap();
    /// assert_eq!(count.get_untracked(), 2);
    /// assert!(history.jump(2).is_err());
    /// ```
    #[track_caller]
    pub fn jump(&self, steps: isize) -> Result<(), StoreError> {
        let Some((store, recorder)) = self.recorder() else {
            return Err(self.store.disposed(Cow::Borrowed("jump")));
        };
        recorder.jump(&store, steps, Location::caller())
    }

    fn step(&self, origin: Origin, location: &'static Location<'static>) -> Result<(), StoreError> {
        let Some((store, recorder)) = self.recorder() else {
            return Err(self.store.disposed(Cow::Borrowed(recorder::verb(origin))));
        };
        recorder.step(&store, origin, location)
    }
}

impl<S: Clone + Send + Sync + 'static> Store<S> {
    /// The undo history attached with [`History::attach`], if any.
    pub fn history(&self) -> Option<History<S>> {
        History::of(*self)
    }
}

impl<S> Clone for History<S> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<S> Copy for History<S> {}

impl<S> fmt::Debug for History<S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("History")
            .field("type", &std::any::type_name::<S>())
            .finish_non_exhaustive()
    }
}

/// The history of the store of type `S` that an ancestor component provided.
///
/// # Panics
///
/// When there is no such store in context, or it has no history: attach one with
/// [`History::attach`] where the store is created.
///
/// # Examples
///
/// ```
/// use leptos::prelude::*;
/// use leptos_state::{History, HistoryOptions, Store, provide_store, use_history};
///
/// let app = Owner::new();
/// app.set();
/// let store = Store::new(0_u8);
/// History::attach_any(store, HistoryOptions::new());
/// provide_store(store);
///
/// let history = app.child().with(use_history::<u8>);
/// assert!(!history.can_undo());
/// ```
#[track_caller]
pub fn use_history<S: Clone + Send + Sync + 'static>() -> History<S> {
    let store = crate::use_store::<S>();
    History::of(store).unwrap_or_else(|| {
        panic!(
            "the store of type `{}` in context has no history: call `History::attach` where \
             the store is created",
            std::any::type_name::<S>()
        )
    })
}

/// The history of the store of type `S` in context, or `None` if there is no such store or
/// it has no history.
pub fn try_use_history<S: Clone + Send + Sync + 'static>() -> Option<History<S>> {
    use_context::<Store<S>>().and_then(History::of)
}
