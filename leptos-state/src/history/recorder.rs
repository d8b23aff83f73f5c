//! [`Recorder`]: the undo and redo stacks of one store, filled by its commits.

use crate::{
    ArcStore, Change, Clock, FieldInfo, Origin, Path, State, StoreError,
    optimistic::ledger::Unconfirmed,
    store::{inner::Edited, revert::Revert},
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
        Arc, Mutex, MutexGuard, PoisonError,
        atomic::{AtomicBool, Ordering},
    },
};

/// How history reads the fields of a `State` type: which to record, and how to compare and
/// copy one field at a time.
pub(crate) struct FieldOps<S> {
    pub(crate) fields: &'static [FieldInfo],
    pub(crate) eq: fn(&S, &S, u32) -> bool,
    pub(crate) copy: fn(&mut S, &S, u32),
}

impl<S> Clone for FieldOps<S> {
    fn clone(&self) -> Self {
        FieldOps {
            fields: self.fields,
            eq: self.eq,
            copy: self.copy,
        }
    }
}

impl<S: State> FieldOps<S> {
    pub(crate) fn of() -> Self {
        FieldOps {
            fields: S::FIELDS,
            eq: S::__field_eq,
            copy: S::__copy_field,
        }
    }
}

impl<S> FieldOps<S> {
    /// The fields that differ between `a` and `b`, of those `keep` accepts.
    pub(crate) fn differing(&self, a: &S, b: &S, keep: impl Fn(&FieldInfo) -> bool) -> Box<[u32]> {
        self.fields
            .iter()
            .filter(|field| keep(field) && !(self.eq)(a, b, field.index()))
            .map(FieldInfo::index)
            .collect()
    }

    /// Copies the fields `which` from `from` into `into`.
    pub(crate) fn copy(&self, into: &mut S, from: &S, which: &[u32]) {
        for &index in which {
            (self.copy)(into, from, index);
        }
    }
}

/// One undo (or redo) step: what a change overwrote, and how to put it back. A slice
/// write's step is its [`SlotValue`] (the slice and its previous value); a whole-store
/// write's is a [`WholeStep`].
pub(crate) trait Step<S>: Send + Sync {
    /// Puts back what the step holds, as one change with `origin`, named with `verb`.
    fn apply(
        &self,
        store: &ArcStore<S>,
        fields: Option<&FieldOps<S>>,
        verb: &str,
        origin: Origin,
        location: &'static Location<'static>,
    ) -> Result<(), StoreError>;

    /// For a slice step, the slice's type and path: writes with the same key may merge.
    fn merge_key(&self) -> Option<(TypeId, Path)>;

    /// Whether the step puts back nothing: a whole-store write that changed no recorded
    /// field.
    fn is_empty(&self) -> bool;

    /// What the step undoes, for a history list: a whole-store write's action, or the path
    /// a slice write wrote.
    fn label(&self) -> String;
}

/// The verb an undo or a redo names its change with.
pub(crate) fn verb(origin: Origin) -> &'static str {
    if origin == Origin::Undo {
        "undo"
    } else {
        "redo"
    }
}

/// The action of the step an undo or a redo (a change made by [`PutBack::commit`]) undid
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

/// What a whole-store step puts back: the fields `which` of `target` (all of it without
/// field metadata), as the change `<verb> <action>`.
struct PutBack<'a, S> {
    target: &'a S,
    which: Option<&'a [u32]>,
    action: &'a str,
}

impl<S: Clone + Send + Sync + 'static> PutBack<'_, S> {
    fn commit(
        &self,
        store: &ArcStore<S>,
        fields: Option<&FieldOps<S>>,
        verb: &str,
        origin: Origin,
        location: &'static Location<'static>,
    ) -> Result<(), StoreError> {
        store.inner.commit_whole(
            Cow::Owned(format!("{verb} {}", self.action)),
            origin,
            location,
            |state, _| {
                let previous = state.clone();
                match (self.which, fields) {
                    (Some(which), Some(ops)) => ops.copy(state, self.target, which),
                    _ => state.clone_from(self.target),
                }
                ((), Edited::Wrote(Some(previous)))
            },
        )
    }
}

/// The state before a whole-store write. With field metadata, only the fields listed are
/// put back; without, the whole value.
pub(crate) struct WholeStep<S> {
    state: S,
    fields: Option<Box<[u32]>>,
    action: Cow<'static, str>,
}

impl<S: Clone + Send + Sync + 'static> Step<S> for WholeStep<S> {
    fn apply(
        &self,
        store: &ArcStore<S>,
        fields: Option<&FieldOps<S>>,
        verb: &str,
        origin: Origin,
        location: &'static Location<'static>,
    ) -> Result<(), StoreError> {
        let put = PutBack {
            target: &self.state,
            which: self.fields.as_deref(),
            action: &self.action,
        };
        put.commit(store, fields, verb, origin, location)
    }

    fn merge_key(&self) -> Option<(TypeId, Path)> {
        None
    }

    fn is_empty(&self) -> bool {
        self.fields.as_ref().is_some_and(|fields| fields.is_empty())
    }

    fn label(&self) -> String {
        self.action.to_string()
    }
}

/// The undo step of a confirmed optimistic change: the state without it, worked out when
/// the step is undone, so that a change pending when it was confirmed and failed since is
/// not brought back.
pub(crate) struct ConfirmedStep<S> {
    without: Unconfirmed<S>,
    /// The recorded fields the change wrote, as for a [`WholeStep`].
    fields: Option<Box<[u32]>>,
    action: Cow<'static, str>,
}

impl<S: Clone + Send + Sync + 'static> Step<S> for ConfirmedStep<S> {
    fn apply(
        &self,
        store: &ArcStore<S>,
        fields: Option<&FieldOps<S>>,
        verb: &str,
        origin: Origin,
        location: &'static Location<'static>,
    ) -> Result<(), StoreError> {
        let target = self.without.state_now();
        let put = PutBack {
            target: &target,
            which: self.fields.as_deref(),
            action: &self.action,
        };
        put.commit(store, fields, verb, origin, location)
    }

    fn merge_key(&self) -> Option<(TypeId, Path)> {
        None
    }

    fn is_empty(&self) -> bool {
        false
    }

    fn label(&self) -> String {
        self.action.to_string()
    }
}

pub(crate) struct Stacks<S> {
    pub(crate) past: VecDeque<Box<dyn Step<S>>>,
    pub(crate) future: Vec<Box<dyn Step<S>>>,
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
        self.stacks.lock().unwrap_or_else(PoisonError::into_inner)
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
        if self.dirty.swap(false, Ordering::Relaxed) {
            self.trigger.notify();
        }
    }

    /// Takes what a committed change overwrote: a new step for the application's changes, a
    /// redo step for an undo, an undo step for a redo. A state put in from the devtools is a
    /// step like the application's own. Optimistic changes and rollbacks are not recorded.
    pub(crate) fn record(&self, change: &Change<'_>, revert: Revert<S>, state: &S) {
        let origin = change.origin();
        if !matches!(
            origin,
            Origin::User | Origin::Undo | Origin::Redo | Origin::Devtools
        ) {
            return;
        }
        let action = undone_action(origin, change.action());
        let step = match revert {
            Revert::Slot { slot, .. } if !slot.recorded() => return,
            Revert::Slot { slot, .. } => match slot.as_whole_state() {
                Some(whole) => self.whole_step(whole.clone(), state, action),
                None => slot.into_step(),
            },
            Revert::Whole(previous) => self.whole_step(previous, state, action),
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

    /// Makes a confirmed optimistic change the newest undo step: `without` is the state
    /// without it, `now` the state with it.
    pub(crate) fn push_confirmed(&self, without: Unconfirmed<S>, now: &S, action: &str) {
        let fields = self
            .fields
            .as_ref()
            .map(|ops| ops.differing(&without.state_now(), now, FieldInfo::history));
        if fields.as_ref().is_some_and(|fields| fields.is_empty()) {
            return;
        }
        let step = ConfirmedStep {
            without,
            fields,
            action: Cow::Owned(action.to_owned()),
        };
        let mut stacks = self.lock();
        if stacks.paused {
            return;
        }
        stacks.merge_open_at = None;
        stacks.future.clear();
        self.push_past(&mut stacks, Box::new(step));
        drop(stacks);
        self.dirty.store(true, Ordering::Relaxed);
    }

    /// A whole-store step: with field metadata, the recorded fields the change wrote.
    fn whole_step(&self, previous: S, state: &S, action: &str) -> Box<dyn Step<S>> {
        let fields = self
            .fields
            .as_ref()
            .map(|ops| ops.differing(&previous, state, FieldInfo::history));
        Box::new(WholeStep {
            state: previous,
            fields,
            action: Cow::Owned(action.to_owned()),
        })
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
    fn push_past(&self, stacks: &mut Stacks<S>, step: Box<dyn Step<S>>) {
        if stacks.past.len() >= self.limit {
            stacks.past.pop_front();
        }
        stacks.past.push_back(step);
    }
}
