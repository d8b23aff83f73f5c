//! What a slice write overwrote, as the core keeps it: [`SlotOf`], the slice and its previous
//! value, and [`OperationOf`], a collection write as the operation it was.

use super::{Pins, Slice, write};
use crate::{
    Origin, Path, StoreError,
    store::revert::{Operation, SlotValue},
    tree::Node,
};
use std::{
    any::{Any, TypeId},
    panic::Location,
    sync::Arc,
};

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
pub(crate) struct FoundBefore<L>(pub(crate) L);

pub(crate) trait Found<L>: Clone + Send + Sync + 'static {
    /// The slice that reaches the place in the state as it was before the write.
    fn before<'a>(&'a self, after: &'a L) -> &'a L;
}

impl<L> Found<L> for Same {
    fn before<'a>(&'a self, after: &'a L) -> &'a L {
        after
    }
}

impl<L: Clone + Send + Sync + 'static> Found<L> for FoundBefore<L> {
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

    fn write_back(
        &self,
        verb: &str,
        origin: Origin,
        location: &'static Location<'static>,
    ) -> Result<(), StoreError> {
        write::write_from(&self.slice, location, origin, Some(verb), |slot| {
            *slot = self.value.clone();
            write::Edit::whole(())
        })
    }

    fn key(&self) -> (TypeId, Path) {
        (TypeId::of::<L>(), self.slice.path())
    }

    fn path(&self) -> Path {
        self.slice.path()
    }

    fn value(&self) -> &dyn Any {
        &self.value
    }

    fn as_whole_state(&self) -> Option<&L::State> {
        if !self.slice.path().is_root() {
            return None;
        }
        (&self.value as &dyn Any).downcast_ref::<L::State>()
    }
}

/// An operation on the collection the slice `slice` reaches.
pub(crate) struct OperationOf<L: Slice> {
    pub(crate) slice: L,
    pub(crate) replay: write::Replay<L::Value>,
}

impl<L: Slice> Operation<L::State> for OperationOf<L> {
    fn apply(&self, state: &mut L::State, tree: &Arc<Node>) {
        if let Some(collection) = self.slice.__value_mut(state, tree, &mut Pins::default()) {
            (self.replay)(collection);
        }
    }
}
