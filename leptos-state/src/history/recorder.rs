//! [`Recorder`]: the undo and redo stacks of one store, filled by its commits as an
//! [`AddOn`].

use crate::{
    AddOn, ArcStore, Change, Clock, Committed, FieldInfo, Finalized, Origin, Path, StoreError,
    Wants,
    state::FieldOps,
    store::{
        add_on::Without,
        inner::Edited,
        revert::{Overwritten, Previous, SlotValue},
    },
    sync,
};
use reactive_graph::{
    signal::ArcTrigger,
    traits::{Notify, Track},
};
use std::{
    any::TypeId,
    borrow::Cow,
    collections::VecDeque,
    panic::Location,
    sync::{
        Arc, Mutex, MutexGuard,
        atomic::{AtomicBool, Ordering},
    },
};

/// One undo (or redo) step: what a change overwrote, and how to put it back. Sixteen bytes,
/// so that a long history costs its steps' values and little more.
pub(crate) enum UndoStep<S> {
    /// A slice write: the slice and its previous value, written back through the slice.
    Slice(Box<dyn SlotValue<S>>),
    /// A whole-store write, or a confirmed optimistic change.
    Whole(Box<WholeStep<S>>),
}

impl<S: Clone + Send + Sync + 'static> UndoStep<S> {
    /// Puts back what the step holds, as one change with `origin`, named with `verb`.
    fn apply(
        &self,
        store: &ArcStore<S>,
        fields: Option<&FieldOps<S>>,
        verb: &str,
        origin: Origin,
        location: &'static Location<'static>,
    ) -> Result<(), StoreError> {
        match self {
            UndoStep::Slice(slot) => slot.write_back(verb, origin, location),
            UndoStep::Whole(whole) => whole.apply(store, fields, verb, origin, location),
        }
    }

    /// For a slice step, the slice's type and path: writes with the same key may merge.
    fn merge_key(&self) -> Option<(TypeId, Path)> {
        match self {
            UndoStep::Slice(slot) => Some(slot.key()),
            UndoStep::Whole(_) => None,
        }
    }

    /// Whether the step puts back nothing: a whole-store write that changed no recorded
    /// field.
    fn is_empty(&self) -> bool {
        match self {
            UndoStep::Slice(_) => false,
            UndoStep::Whole(whole) => whole
                .fields
                .as_ref()
                .is_some_and(|fields| fields.is_empty()),
        }
    }

    /// What the step undoes, for a history list: a whole-store write's action, or the path
    /// a slice write wrote.
    fn label(&self) -> String {
        match self {
            UndoStep::Slice(slot) => slot.path().to_string(),
            UndoStep::Whole(whole) => whole.action.to_string(),
        }
    }
}

/// The verb an undo or a redo names its change with.
pub(crate) fn verb(origin: Origin) -> &'static str {
    if origin == Origin::Undo {
        "undo"
    } else {
        "redo"
    }
}

/// The action of the step an undo or a redo (a change made by [`WholeStep::apply`]) undid
/// or redid: `undo add todo` undid `add todo`, so its redo step is named `add todo` again.
fn undone_action(origin: Origin, action: &str) -> &str {
    match origin {
        Origin::Undo | Origin::Redo => action
            .strip_prefix(verb(origin))
            .and_then(|rest| rest.strip_prefix(' '))
            .unwrap_or(action),
        _ => action,
    }
}

/// The state a whole-store step puts back.
enum Target<S> {
    /// The state before the write.
    Before(S),
    /// The state without a confirmed optimistic change, worked out when the step is undone,
    /// so that a change pending when it was confirmed and failed since is not brought back.
    Without(Without<S>),
}

/// What a whole-store step puts back: with field metadata, only the fields listed; without,
/// the whole value.
pub(crate) struct WholeStep<S> {
    target: Target<S>,
    fields: Option<Box<[u32]>>,
    action: Cow<'static, str>,
}

impl<S: Clone + Send + Sync + 'static> WholeStep<S> {
    /// Puts back the step's fields as the change `<verb> <action>`.
    fn apply(
        &self,
        store: &ArcStore<S>,
        fields: Option<&FieldOps<S>>,
        verb: &str,
        origin: Origin,
        location: &'static Location<'static>,
    ) -> Result<(), StoreError> {
        let worked_out;
        let target = match &self.target {
            Target::Before(state) => state,
            Target::Without(without) => {
                worked_out = without();
                &worked_out
            }
        };
        store.inner.commit_whole(
            Cow::Owned(format!("{verb} {}", self.action)),
            origin,
            location,
            |state, _| {
                let previous = state.clone();
                match (self.fields.as_deref(), fields) {
                    (Some(which), Some(ops)) => ops.copy(state, target, which),
                    _ => state.clone_from(target),
                }
                ((), Edited::Wrote(Some(previous)))
            },
        )
    }
}

pub(crate) struct Stacks<S> {
    pub(crate) past: VecDeque<UndoStep<S>>,
    pub(crate) future: Vec<UndoStep<S>>,
    pub(crate) paused: bool,
    /// When the newest step was last written, while it may still absorb writes to the same
    /// slice.
    merge_open_at: Option<u64>,
}

pub(crate) struct Recorder<S> {
    stacks: Mutex<Stacks<S>>,
    limit: usize,
    merge_within: u64,
    clock: Arc<dyn Clock>,
    pub(crate) fields: Option<FieldOps<S>>,
    trigger: ArcTrigger,
    /// The stacks changed since readers were last notified.
    dirty: AtomicBool,
}

impl<S: Clone + Send + Sync + 'static> Recorder<S> {
    pub(crate) fn new(
        limit: usize,
        merge_within: u64,
        clock: Arc<dyn Clock>,
        fields: Option<FieldOps<S>>,
    ) -> Self {
        Recorder {
            stacks: Mutex::new(Stacks {
                past: VecDeque::new(),
                future: Vec::new(),
                paused: false,
                merge_open_at: None,
            }),
            limit: limit.max(1),
            merge_within,
            clock,
            fields,
            trigger: ArcTrigger::new(),
            dirty: AtomicBool::new(false),
        }
    }

    pub(crate) fn limit(&self) -> usize {
        self.limit
    }

    pub(crate) fn lock(&self) -> MutexGuard<'_, Stacks<S>> {
        sync::lock(&self.stacks)
    }

    /// Subscribes the running effect or memo to changes of the stacks.
    pub(crate) fn track(&self) {
        self.trigger.track();
    }

    /// Marks the stacks changed outside a commit, and notifies their readers.
    pub(crate) fn changed(&self) {
        self.dirty.store(true, Ordering::Relaxed);
        self.notify_readers();
    }

    /// Notifies the readers of the stacks if a commit changed them; called once the store is
    /// unlocked, so that readers may read it.
    pub(crate) fn notify_readers(&self) {
        // A load first: most commits leave nothing to tell, and a load is cheaper than a swap.
        if self.dirty.load(Ordering::Relaxed) && self.dirty.swap(false, Ordering::Relaxed) {
            self.trigger.notify();
        }
    }

    /// Takes what a committed change overwrote: a new step for the application's changes, a
    /// redo step for an undo, an undo step for a redo. A state put in from the devtools is a
    /// step like the application's own. Optimistic changes and rollbacks are not recorded.
    fn record(&self, change: &Change<'_>, overwritten: Overwritten<S>, state: &S) {
        let origin = change.origin();
        if !records(origin) {
            return;
        }
        let action = undone_action(origin, change.action());
        let step = match overwritten.previous {
            Previous::Slot(slot) if !slot.recorded() => return,
            Previous::Slot(slot) => match slot.as_whole_state() {
                Some(whole) => self.whole_step(Target::Before(whole.clone()), state, action),
                None => UndoStep::Slice(slot),
            },
            Previous::State(previous) => self.whole_step(Target::Before(previous), state, action),
        };
        // Read the clock (the application's code) before taking the lock.
        let now = (origin == Origin::User && self.merge_within > 0).then(|| self.clock.now());
        let mut stacks = self.lock();
        match origin {
            Origin::Undo => {
                stacks.merge_open_at = None;
                stacks.future.push(step);
            }
            Origin::Redo => {
                stacks.merge_open_at = None;
                self.push_past(&mut stacks, step);
            }
            _ => {
                if stacks.paused || step.is_empty() {
                    return;
                }
                let merge_key = now.and_then(|_| step.merge_key());
                if let (Some(now), Some(key)) = (now, &merge_key)
                    && self.merges(&stacks, key, now)
                {
                    stacks.merge_open_at = Some(now);
                    return;
                }
                stacks.future.clear();
                self.push_past(&mut stacks, step);
                stacks.merge_open_at = merge_key.and(now);
            }
        }
        drop(stacks);
        self.dirty.store(true, Ordering::Relaxed);
    }

    /// Makes a confirmed optimistic change the newest undo step.
    fn push_finalized(&self, finalized: &Finalized<'_, S>) {
        let step = self.whole_step(
            Target::Without(finalized.without()),
            finalized.state(),
            finalized.action(),
        );
        if step.is_empty() {
            return;
        }
        let mut stacks = self.lock();
        if stacks.paused {
            return;
        }
        stacks.merge_open_at = None;
        stacks.future.clear();
        self.push_past(&mut stacks, step);
        drop(stacks);
        self.dirty.store(true, Ordering::Relaxed);
    }

    /// A whole-store step: with field metadata, the recorded fields the change wrote.
    fn whole_step(&self, target: Target<S>, state: &S, action: &str) -> UndoStep<S> {
        let fields = self.fields.as_ref().map(|ops| {
            let differing = |before: &S| ops.differing(before, state, FieldInfo::history);
            match &target {
                Target::Before(before) => differing(before),
                Target::Without(without) => differing(&without()),
            }
        });
        UndoStep::Whole(Box::new(WholeStep {
            target,
            fields,
            action: Cow::Owned(action.to_owned()),
        }))
    }

    /// Whether a slice write whose step has `key` joins the newest step: a write through
    /// the same kind of slice at the same path, within the merge window.
    fn merges(&self, stacks: &Stacks<S>, key: &(TypeId, Path), now: u64) -> bool {
        let Some(opened) = stacks.merge_open_at else {
            return false;
        };
        now.saturating_sub(opened) <= self.merge_within
            && stacks
                .past
                .back()
                .and_then(|newest| newest.merge_key())
                .is_some_and(|newest| newest == *key)
    }

    /// Pauses or resumes recording; either way the newest step takes no more writes.
    pub(crate) fn set_paused(&self, paused: bool) {
        let mut stacks = self.lock();
        stacks.paused = paused;
        stacks.merge_open_at = None;
        drop(stacks);
        self.changed();
    }

    /// Drops every undo and redo step.
    pub(crate) fn clear(&self) {
        let mut stacks = self.lock();
        stacks.past.clear();
        stacks.future.clear();
        drop(stacks);
        self.changed();
    }

    /// What each undo step and each redo step undoes: the undo steps oldest first, the redo
    /// steps next first.
    pub(crate) fn labels(&self) -> (Vec<String>, Vec<String>) {
        let stacks = self.lock();
        let past = stacks.past.iter().map(|step| step.label()).collect();
        let future = stacks
            .future
            .iter()
            .rev()
            .map(|step| step.label())
            .collect();
        (past, future)
    }

    /// Undoes ([`Origin::Undo`]) or redoes ([`Origin::Redo`]) the newest step of `store`; a
    /// step that fails is kept.
    pub(crate) fn step(
        &self,
        store: &ArcStore<S>,
        origin: Origin,
        location: &'static Location<'static>,
    ) -> Result<(), StoreError> {
        let verb = verb(origin);
        let step = {
            let mut stacks = self.lock();
            let taken = if origin == Origin::Undo {
                stacks.past.pop_back()
            } else {
                stacks.future.pop()
            };
            let Some(step) = taken else {
                return Ok(());
            };
            step
        };
        let applied = step.apply(store, self.fields.as_ref(), verb, origin, location);
        if let Err(error) = applied {
            let mut stacks = self.lock();
            if origin == Origin::Undo {
                stacks.past.push_back(step);
            } else {
                stacks.future.push(step);
            }
            drop(stacks);
            self.changed();
            return Err(error);
        }
        Ok(())
    }

    /// Undoes `-steps` steps or redoes `steps`, one change each; fails without moving when
    /// there are fewer.
    pub(crate) fn jump(
        &self,
        store: &ArcStore<S>,
        steps: isize,
        location: &'static Location<'static>,
    ) -> Result<(), StoreError> {
        let (past, future) = {
            let stacks = self.lock();
            (stacks.past.len(), stacks.future.len())
        };
        let available = if steps < 0 { past } else { future };
        if steps.unsigned_abs() > available {
            return Err(StoreError::OutOfHistory {
                store: store.inner.name.to_string(),
                steps,
                past,
                future,
            });
        }
        let origin = if steps < 0 {
            Origin::Undo
        } else {
            Origin::Redo
        };
        for _ in 0..steps.unsigned_abs() {
            self.step(store, origin, location)?;
        }
        Ok(())
    }

    /// Adds an undo step, dropping the oldest at the limit: O(1), nothing is copied.
    fn push_past(&self, stacks: &mut Stacks<S>, step: UndoStep<S>) {
        if stacks.past.len() >= self.limit {
            stacks.past.pop_front();
        }
        stacks.past.push_back(step);
    }
}

/// Whether history records changes from `origin`: the application's, undo and redo, and the
/// devtools' (a jump or an import is a step like the application's own).
fn records(origin: Origin) -> bool {
    matches!(
        origin,
        Origin::User | Origin::Undo | Origin::Redo | Origin::Devtools
    )
}

impl<S: Clone + Send + Sync + 'static> AddOn<S> for Recorder<S> {
    fn name(&self) -> &str {
        "history"
    }

    fn wants(&self, origin: Origin) -> Wants {
        if records(origin) {
            Wants::KEEPS
        } else {
            Wants::NOTHING
        }
    }

    fn committed(&self, committed: &mut Committed<'_, S>) {
        if !records(committed.change().origin()) {
            return;
        }
        if let Some(overwritten) = committed.take_overwritten() {
            self.record(&committed.change, overwritten, committed.state());
        }
    }

    fn unlocked(&self) {
        self.notify_readers();
    }

    fn finalized(&self, finalized: &Finalized<'_, S>) {
        self.push_finalized(finalized);
    }
}

#[cfg(test)]
mod tests {
    use super::UndoStep;

    #[test]
    fn an_undo_step_is_two_words() {
        // A long history costs its steps' values and little more (benches/history_memory).
        assert_eq!(size_of::<UndoStep<Vec<String>>>(), 2 * size_of::<usize>());
    }
}
