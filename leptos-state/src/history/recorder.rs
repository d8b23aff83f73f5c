//! [`Recorder`]: the undo and redo stacks of one store, filled by its commits as an
//! [`AddOn`].

use crate::{
    AddOn, ArcStore, Change, Clock, Committed, Finalized, Origin, Path, StoreError, Wants,
    edit::{Edit, Edits, Place},
    slice::diff::diff_state,
    state::FieldOps,
    store::revert::{Overwritten, Previous},
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

/// One undo (or redo) step: the edits that put back what a change wrote, and nothing else.
/// Sixteen bytes, so that a long history costs its steps' edits and little more.
pub(crate) enum UndoStep<S> {
    /// A write to one place (a slice's value, rows added to or removed from a list): the
    /// edit that puts it back, named after its path.
    One(Box<dyn Edit<S>>),
    /// A change to the whole store, or a confirmed optimistic change: the edits of the
    /// places it changed, named after its action.
    Many(Box<Many<S>>),
}

/// The edits of a change to several places, and the change's action.
pub(crate) struct Many<S> {
    edits: Edits<S>,
    action: Cow<'static, str>,
}

impl<S: Clone + Send + Sync + 'static> UndoStep<S> {
    /// The step made of `edits`, for a change to the whole store (`whole`, named `action`)
    /// or to one part of it; `None` when nothing of it is recorded.
    fn of(mut edits: Edits<S>, whole: bool, action: &str) -> Option<Self> {
        edits.retain(|edit| edit.recorded());
        if edits.is_empty() {
            return None;
        }
        Some(match edits.len() {
            1 if !whole => UndoStep::One(edits.list.pop()?),
            _ => UndoStep::Many(Box::new(Many {
                edits,
                action: Cow::Owned(action.to_owned()),
            })),
        })
    }

    /// Puts back what the step holds, as one change with `origin`, named with `verb`;
    /// returns how many of its edits were written.
    fn apply(
        &self,
        store: &ArcStore<S>,
        verb: &str,
        origin: Origin,
        location: &'static Location<'static>,
    ) -> Result<usize, StoreError> {
        match self {
            UndoStep::One(edit) => store.inner.commit_edits(
                || {
                    let path = edit.path();
                    let action = if path.is_root() {
                        verb.to_owned()
                    } else {
                        format!("{path}.{verb}")
                    };
                    (Cow::Owned(action), path)
                },
                origin,
                location,
                std::slice::from_ref(edit),
            ),
            UndoStep::Many(many) => store.inner.commit_edits(
                || (Cow::Owned(format!("{verb} {}", many.action)), Path::ROOT),
                origin,
                location,
                &many.edits.list,
            ),
        }
    }

    /// For a step of one value written through a slice, the slice's type and path: writes
    /// with the same key may merge.
    fn merge_key(&self) -> Option<(TypeId, Path)> {
        match self {
            UndoStep::One(edit) => edit.merge_key(),
            UndoStep::Many(_) => None,
        }
    }

    /// Drops what the step writes at the places `dead` picks; `false` when nothing is left.
    fn forget(&mut self, dead: &mut dyn FnMut(&Place) -> bool) -> bool {
        match self {
            UndoStep::One(edit) => edit.forget(dead),
            UndoStep::Many(many) => many.edits.forget(dead),
        }
    }

    /// What the step undoes, for a history list: a whole-store change's action, or the
    /// path a write to one part wrote.
    fn label(&self) -> String {
        match self {
            UndoStep::One(edit) => edit.path().to_string(),
            UndoStep::Many(many) => many.action.to_string(),
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

/// The action of the step an undo or a redo (a change made by [`UndoStep::apply`]) undid
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
    /// Whether there is a step: only then do other changes need rebasing over.
    any_steps: AtomicBool,
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
            any_steps: AtomicBool::new(false),
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

    /// Records that the stacks changed, under their lock.
    fn touched(&self, stacks: &Stacks<S>) {
        self.any_steps.store(
            !stacks.past.is_empty() || !stacks.future.is_empty(),
            Ordering::Relaxed,
        );
        self.dirty.store(true, Ordering::Relaxed);
    }

    /// The edits that put back what a change overwrote, given the state after it.
    fn undo_edits(&self, overwritten: Overwritten<S>, state: &S) -> Edits<S> {
        match overwritten.previous {
            Previous::State(before) => diff_state(self.fields.as_ref(), state, &before),
            Previous::Edits(edits) => match &edits.list[..] {
                // A write through the store as a slice: its parts, where they can be told.
                [edit] if self.fields.is_some() => match edit.as_whole_state() {
                    Some(before) => diff_state(self.fields.as_ref(), state, before),
                    None => edits,
                },
                _ => edits,
            },
        }
    }

    /// The places a change wrote, given what it overwrote and the state after it.
    fn places(&self, overwritten: &Overwritten<S>, state: &S) -> Vec<Place> {
        let diff = |before: &S| diff_state(self.fields.as_ref(), before, state).places();
        let mut places = match &overwritten.previous {
            Previous::State(before) => diff(before),
            Previous::Edits(edits) => match &edits.list[..] {
                // A write through the store as a slice: its parts, where they can be told.
                [edit] => edit.as_whole_state().map_or_else(|| edits.places(), diff),
                _ => edits.places(),
            },
        };
        places.extend(overwritten.also.iter().cloned());
        places
    }

    /// Takes what a committed change overwrote: a new step for the application's changes, a
    /// redo step for an undo, an undo step for a redo.
    fn record(&self, change: &Change<'_>, overwritten: Overwritten<S>, state: &S) {
        let origin = change.origin();
        let whole = change.touched().iter().any(Path::is_root);
        let action = undone_action(origin, change.action());
        let edits = self.undo_edits(overwritten, state);
        let Some(step) = UndoStep::of(edits, whole, action) else {
            return;
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
        self.touched(&stacks);
    }

    /// A change the history did not make or record (another tab's, hydration, an
    /// optimistic change settling, the devtools', a change made while paused) wrote
    /// `places`: what the steps would write there is dropped, so that undo and redo never
    /// overwrite it, and steps left with nothing are dropped.
    fn rebase(&self, places: &[Place]) {
        if places.is_empty() {
            return;
        }
        let mut dead = |place: &Place| places.iter().any(|written| written.overlaps(place));
        let mut stacks = self.lock();
        let before = (stacks.past.len(), stacks.future.len());
        stacks.past.retain_mut(|step| step.forget(&mut dead));
        stacks.future.retain_mut(|step| step.forget(&mut dead));
        if (stacks.past.len(), stacks.future.len()) != before {
            stacks.merge_open_at = None;
        }
        self.touched(&stacks);
    }

    /// Makes a confirmed optimistic change the newest undo step: the edits that take it out
    /// of the state as it is now. The redo steps stay: the change was made before them.
    fn push_finalized(&self, finalized: &Finalized<'_, S>) {
        let without = finalized.state_without();
        let edits = diff_state(self.fields.as_ref(), finalized.state(), &without);
        let Some(step) = UndoStep::of(edits, true, finalized.action()) else {
            return;
        };
        let mut stacks = self.lock();
        if stacks.paused {
            return;
        }
        stacks.merge_open_at = None;
        self.push_past(&mut stacks, step);
        self.touched(&stacks);
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
        self.touched(&stacks);
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

    /// Undoes ([`Origin::Undo`]) or redoes ([`Origin::Redo`]) the newest step of `store`
    /// that still has something to write: a step whose every place another change has
    /// written since, or which finds nothing to write, is dropped on the way. A step that
    /// fails is kept.
    pub(crate) fn step(
        &self,
        store: &ArcStore<S>,
        origin: Origin,
        location: &'static Location<'static>,
    ) -> Result<(), StoreError> {
        let verb = verb(origin);
        loop {
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
                self.touched(&stacks);
                step
            };
            match step.apply(store, verb, origin, location) {
                Ok(0) => {
                    self.changed();
                    continue;
                }
                Ok(_) => return Ok(()),
                Err(error) => {
                    let mut stacks = self.lock();
                    if origin == Origin::Undo {
                        stacks.past.push_back(step);
                    } else {
                        stacks.future.push(step);
                    }
                    self.touched(&stacks);
                    drop(stacks);
                    self.changed();
                    return Err(error);
                }
            }
        }
    }

    /// Undoes `-steps` steps or redoes `steps`, one change each; fails without moving when
    /// there are fewer steps than that (a step found to have nothing left on the way is
    /// dropped without counting, and may leave the jump short).
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
                store: store.inner.name().to_string(),
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

    /// Whether a change from `origin` is one of the history's own steps: the application's
    /// changes while recording, undo and redo.
    fn records(&self, origin: Origin) -> bool {
        match origin {
            Origin::User => !self.lock().paused,
            Origin::Undo | Origin::Redo => true,
            _ => false,
        }
    }
}

impl<S: Clone + Send + Sync + 'static> AddOn<S> for Recorder<S> {
    fn name(&self) -> &str {
        "history"
    }

    fn wants(&self, origin: Origin) -> Wants {
        if matches!(origin, Origin::User | Origin::Undo | Origin::Redo) {
            Wants::KEEPS
        } else if self.any_steps.load(Ordering::Relaxed) {
            Wants::OVERWRITTEN
        } else {
            Wants::NOTHING
        }
    }

    fn committed(&self, committed: &mut Committed<'_, S>) {
        let origin = committed.change().origin();
        if self.records(origin) {
            if let Some(overwritten) = committed.take_overwritten() {
                self.record(&committed.change, overwritten, committed.state());
            }
        } else if self.any_steps.load(Ordering::Relaxed)
            && let Some(overwritten) = committed.overwritten()
        {
            let places = self.places(overwritten, committed.state());
            self.rebase(&places);
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
