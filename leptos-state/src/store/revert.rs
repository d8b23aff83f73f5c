//! [`Revert`]: what a change overwrote, kept so that it can be put back: when middleware
//! refuses the change, by undo, and when an optimistic rollback replays the writes made since.

use crate::{
    ArcStore, Origin, Path, StoreError,
    history::recorder::{FieldOps, Step},
    slice::{Node, Pins, Slice, write},
};
use std::{any::TypeId, panic::Location, sync::Arc};

/// What one change overwrote.
pub(crate) enum Revert<S> {
    /// The whole state before the change: whole-store writes.
    Whole(S),
    /// One slice's value before the change: slice writes. `pins` are the positions the
    /// write's lookup resolved, needed only to put back a refused write.
    Slot {
        slot: Box<dyn SlotValue<S>>,
        pins: Pins,
        /// The collection operation the write was, while optimistic changes are pending.
        redo: Option<Box<dyn Operation<S>>>,
    },
}

impl<S> Revert<S> {
    /// Puts back what a refused change overwrote.
    pub(crate) fn put_back_refused(self, state: &mut S, tree: &Arc<Node>) {
        match self {
            Revert::Whole(previous) => *state = previous,
            Revert::Slot { slot, pins, .. } => slot.put_back_refused(state, tree, pins),
        }
    }
}

/// A value held for one place in the state, named by the slice that reaches it.
pub(crate) trait SlotValue<S>: Send + Sync {
    /// Puts the value back where the refused write found its slot, through the positions
    /// it pinned (the write may have changed an item's key).
    fn put_back_refused(self: Box<Self>, state: &mut S, tree: &Arc<Node>, pins: Pins);

    /// Whether undo history records writes to this place (no field on the way is
    /// `#[state(history = false)]`).
    fn recorded(&self) -> bool;

    /// The value at the same place in `state` now, or `None` if the place is gone.
    fn capture(&self, state: &S, tree: &Arc<Node>) -> Option<Box<dyn SlotValue<S>>>;

    /// Writes a copy of the value into `state` as it was before the write that made it,
    /// outside any store; returns `false` if the place is gone.
    fn put(&self, state: &mut S, tree: &Arc<Node>) -> bool;

    /// The same value as an undo step, in the same allocation.
    fn into_step(self: Box<Self>) -> Box<dyn Step<S>>;

    /// The value, if this place is the whole state (a write through the store as a slice).
    fn as_whole_state(&self) -> Option<&S>;
}

/// A value for the place the slice `slice` reaches. `found` says where the write that made
/// it found that place, for replaying it on the state as it was before the write: the same
/// slice, or (when the write changed an item's key) the slice with the old key.
pub(crate) struct SlotOf<L: Slice, W = Same> {
    pub(crate) slice: L,
    pub(crate) value: L::Value,
    pub(crate) found: W,
}

/// Where a write found its place, when that is where its slice points now.
#[derive(Clone, Copy)]
pub(crate) struct Same;

/// Where a write that changed an item's key found its place: the slice with the old key.
#[derive(Clone)]
pub(crate) struct Before<L>(pub(crate) L);

pub(crate) trait Found<L>: Clone + Send + Sync + 'static {
    /// The slice that reaches the place in the state as it was before the write.
    fn before<'a>(&'a self, after: &'a L) -> &'a L;
}

impl<L> Found<L> for Same {
    fn before<'a>(&'a self, after: &'a L) -> &'a L {
        after
    }
}

impl<L: Clone + Send + Sync + 'static> Found<L> for Before<L> {
    fn before<'a>(&'a self, _: &'a L) -> &'a L {
        &self.0
    }
}

impl<L, W> SlotValue<L::State> for SlotOf<L, W>
where
    L: Slice,
    L::Value: Clone,
    W: Found<L>,
{
    fn put_back_refused(self: Box<Self>, state: &mut L::State, tree: &Arc<Node>, mut pins: Pins) {
        let SlotOf { slice, value, .. } = *self;
        pins.start_replay();
        if let Some(slot) = slice.__value_mut(state, tree, &mut pins) {
            *slot = value;
        }
    }

    fn recorded(&self) -> bool {
        self.slice.__recorded()
    }

    fn capture(&self, state: &L::State, tree: &Arc<Node>) -> Option<Box<dyn SlotValue<L::State>>> {
        let value = self.slice.__value(state, tree)?.clone();
        Some(Box::new(SlotOf {
            slice: self.slice.clone(),
            value,
            found: self.found.clone(),
        }))
    }

    fn put(&self, state: &mut L::State, tree: &Arc<Node>) -> bool {
        let before = self.found.before(&self.slice);
        match before.__value_mut(state, tree, &mut Pins::default()) {
            Some(slot) => {
                *slot = self.value.clone();
                true
            }
            None => false,
        }
    }

    fn into_step(self: Box<Self>) -> Box<dyn Step<L::State>> {
        self
    }

    fn as_whole_state(&self) -> Option<&L::State> {
        if !self.slice.path().is_root() {
            return None;
        }
        (&self.value as &dyn std::any::Any).downcast_ref::<L::State>()
    }
}

/// A slice step is undone by writing its value back through the slice, as a `set` would.
impl<L, W> Step<L::State> for SlotOf<L, W>
where
    L: Slice,
    L::Value: Clone,
    W: Found<L>,
{
    fn apply(
        &self,
        _store: &ArcStore<L::State>,
        _fields: Option<&FieldOps<L::State>>,
        verb: &str,
        origin: Origin,
        location: &'static Location<'static>,
    ) -> Result<(), StoreError> {
        write::write_from(&self.slice, location, origin, Some(verb), |slot| {
            *slot = self.value.clone();
            write::Edit::whole(())
        })
    }

    fn merge_key(&self) -> Option<(TypeId, Path)> {
        Some((TypeId::of::<L>(), self.slice.path()))
    }

    fn is_empty(&self) -> bool {
        false
    }

    fn label(&self) -> String {
        self.slice.path().to_string()
    }
}

/// A collection operation (a push, a removal by key), replayable on another copy of the
/// state: how the optimistic ledger keeps plain collection writes.
pub(crate) trait Operation<S>: Send + Sync {
    /// Applies the operation to the collection in `state`, if it is there.
    fn apply(&self, state: &mut S, tree: &Arc<Node>);
}

/// An operation on the collection the slice `slice` reaches.
pub(crate) struct OperationOf<L: Slice> {
    pub(crate) slice: L,
    pub(crate) redo: write::Redo<L::Value>,
}

impl<L: Slice> Operation<L::State> for OperationOf<L> {
    fn apply(&self, state: &mut L::State, tree: &Arc<Node>) {
        if let Some(collection) = self.slice.__value_mut(state, tree, &mut Pins::default()) {
            (self.redo)(collection);
        }
    }
}
