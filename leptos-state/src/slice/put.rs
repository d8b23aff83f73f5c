//! [`Put`]: the edit that writes one value to the place a slice reaches. A write through a
//! slice keeps one to undo itself (the slice and its previous value); a diff makes one for
//! each changed value it cannot break down further.

use super::{Node, Pins, Slice};
use crate::{
    Path,
    edit::{Edit, Notes, Place, Undo},
};
use std::{
    any::{Any, TypeId},
    sync::Arc,
};

/// The value `value` for the place `slice` reaches. `lands` says where that place is once
/// the value is written: the same slice, or (when the value gives a keyed item another key)
/// the slice with the key the value has.
pub(crate) struct Put<L: Slice, W = Same> {
    pub(crate) slice: L,
    pub(crate) value: L::Value,
    pub(crate) lands: W,
}

/// The place stays where the slice points.
#[derive(Clone, Copy)]
pub(crate) struct Same;

/// The place moves, with its item's key, to where this slice points.
#[derive(Clone)]
pub(crate) struct Moved<L>(pub(crate) L);

/// Where a [`Put`]'s place is once its value is written.
pub(crate) trait Lands<L>: Clone + Send + Sync + 'static {
    /// The slice that reaches the place once the value is written, given the slice that
    /// reaches it before.
    fn at<'a>(&'a self, slice: &'a L) -> &'a L;

    /// Where the place is once the inverse of this put is written: back at `slice`.
    fn back(&self, slice: &L) -> Self;
}

impl<L> Lands<L> for Same {
    fn at<'a>(&'a self, slice: &'a L) -> &'a L {
        slice
    }

    fn back(&self, _: &L) -> Self {
        Same
    }
}

impl<L: Clone + Send + Sync + 'static> Lands<L> for Moved<L> {
    fn at<'a>(&'a self, _: &'a L) -> &'a L {
        &self.0
    }

    fn back(&self, slice: &L) -> Self {
        Moved(slice.clone())
    }
}

impl<L: Slice> Put<L> {
    /// The value `value` for the place `slice` reaches, which stays there.
    pub(crate) fn new(slice: L, value: L::Value) -> Self {
        Put {
            slice,
            value,
            lands: Same,
        }
    }
}

/// Notifies the readers of a value written through `slice`: what holds it (their own
/// readers only), the value and everything in it, and the keyed collections whose item got
/// another key (`rekeyed`, with the new key's segment).
pub(crate) fn notify_written<L: Slice>(
    slice: &L,
    tree: &Arc<Node>,
    rekeyed: Vec<(Arc<Node>, super::Segment)>,
) {
    let own = slice.__path_nodes(tree, &mut Node::notify_this);
    own.notify_all();
    for (collection, arrived) in rekeyed {
        collection.notify_shape();
        collection.notify_children_at(&[arrived]);
    }
}

impl<L, W> Edit<L::State> for Put<L, W>
where
    L: Slice,
    L::Value: Clone,
    W: Lands<L>,
{
    fn apply(
        &self,
        state: &mut L::State,
        tree: &Arc<Node>,
        notes: &mut Notes,
        undo: bool,
    ) -> Option<Undo<L::State>> {
        let mut pins = Pins::default();
        let slot = self.slice.__value_mut(state, tree, &mut pins)?;
        let previous = if undo {
            Some(std::mem::replace(slot, self.value.clone()))
        } else {
            *slot = self.value.clone();
            None
        };
        // The value may give a keyed item on the way another key.
        let mut rekeyed = Vec::new();
        pins.start_replay();
        let written = self.slice.__rekeyed(state, tree, &mut pins, &mut rekeyed);
        let moved = !rekeyed.is_empty();
        let slice = self.slice.clone();
        notes.push(move || Box::new(move |tree| notify_written(&slice, tree, rekeyed)));
        Some(previous.map(|value| -> Box<dyn Edit<L::State>> {
            if moved {
                Box::new(Put {
                    slice: written,
                    value,
                    lands: Moved(self.slice.clone()),
                })
            } else {
                Box::new(Put::new(written, value))
            }
        }))
    }

    fn inverse(&self, state: &L::State, tree: &Arc<Node>) -> Option<Box<dyn Edit<L::State>>> {
        let value = self.slice.__value(state, tree)?.clone();
        Some(Box::new(Put {
            slice: self.lands.at(&self.slice).clone(),
            value,
            lands: self.lands.back(&self.slice),
        }))
    }

    fn notify(&self, tree: &Arc<Node>) {
        notify_written(&self.slice, tree, Vec::new());
    }

    fn place(&self, place: &mut Place) {
        self.slice.__place(place);
    }

    fn path(&self) -> Path {
        self.slice.path()
    }

    fn recorded(&self) -> bool {
        self.slice.__recorded()
    }

    fn value(&self) -> Option<&dyn Any> {
        Some(&self.value)
    }

    fn merge_key(&self) -> Option<(TypeId, Path)> {
        Some((TypeId::of::<L>(), self.slice.path()))
    }

    fn as_whole_state(&self) -> Option<&L::State> {
        // Checked by type first: building the path allocates, and every recorded write asks.
        if TypeId::of::<L::Value>() != TypeId::of::<L::State>() || !self.slice.path().is_root() {
            return None;
        }
        (&self.value as &dyn Any).downcast_ref::<L::State>()
    }
}
