//! The edits of maps, by key: [`PutEntry`] and [`TakeEntry`].

use super::{Map, Node, Segment, Slice};
use crate::{
    Path,
    edit::{Edit, Notes, Place, Undo},
};
use std::sync::Arc;

/// Puts `value` at `key` in the map `map`, in place of what was there.
pub(crate) struct PutEntry<L: Slice>
where
    L::Value: Map,
{
    pub(crate) map: L,
    pub(crate) key: <L::Value as Map>::Key,
    pub(crate) value: <L::Value as Map>::Entry,
}

/// Takes the entry at `key` out of the map `map`.
pub(crate) struct TakeEntry<L: Slice>
where
    L::Value: Map,
{
    pub(crate) map: L,
    pub(crate) key: <L::Value as Map>::Key,
}

/// Readers after an entry was put: of the map's shape if it `arrived`, of the entry.
pub(crate) fn notify_put(node: &Arc<Node>, arrived: bool, segment: Segment) {
    if arrived {
        node.notify_shape();
    } else {
        node.notify_this();
    }
    node.notify_children(|child| *child == segment);
}

/// Readers after an entry was taken: of the map's shape, and of the entry, which is gone.
pub(crate) fn notify_taken(node: &Arc<Node>, segment: Segment) {
    node.notify_shape();
    node.prune_notifying(|child| *child != segment);
}

/// The edit that puts back the entry at `key` of `map` as it is there now.
fn restore<L: Slice>(
    map: &L,
    key: &<L::Value as Map>::Key,
    now: Option<&<L::Value as Map>::Entry>,
) -> Box<dyn Edit<L::State>>
where
    L::Value: Map,
    <L::Value as Map>::Entry: Clone,
{
    let (map, key) = (map.clone(), key.clone());
    match now {
        Some(value) => Box::new(PutEntry {
            map,
            key,
            value: value.clone(),
        }),
        None => Box::new(TakeEntry { map, key }),
    }
}

fn entry_place<L: Slice>(map: &L, key: &<L::Value as Map>::Key, place: &mut Place)
where
    L::Value: Map,
{
    map.__place(place);
    place.segments.push(Segment::key(key));
}

impl<L: Slice> Edit<L::State> for PutEntry<L>
where
    L::Value: Map,
    <L::Value as Map>::Entry: Clone,
{
    fn apply(
        &self,
        state: &mut L::State,
        tree: &Arc<Node>,
        notes: &mut Notes,
        undo: bool,
    ) -> Option<Undo<L::State>> {
        let map = self.map.__value_mut(state, tree, &mut Default::default())?;
        let replaced = map.put(self.key.clone(), self.value.clone());
        let arrived = replaced.is_none();
        let (slice, segment) = (self.map.clone(), Segment::key(&self.key));
        notes.push(move || {
            Box::new(move |tree| {
                let node = slice.__path_nodes(tree, &mut Node::notify_this);
                notify_put(&node, arrived, segment);
            })
        });
        Some(undo.then(|| restore(&self.map, &self.key, replaced.as_ref())))
    }

    fn inverse(&self, state: &L::State, tree: &Arc<Node>) -> Option<Box<dyn Edit<L::State>>> {
        let map = self.map.__value(state, tree)?;
        Some(restore(&self.map, &self.key, map.entry(&self.key)))
    }

    fn notify(&self, tree: &Arc<Node>) {
        let node = self.map.__path_nodes(tree, &mut Node::notify_this);
        notify_put(&node, true, Segment::key(&self.key));
    }

    fn place(&self, place: &mut Place) {
        entry_place(&self.map, &self.key, place);
    }

    fn path(&self) -> Path {
        self.map.path()
    }

    fn recorded(&self) -> bool {
        self.map.__recorded()
    }
}

impl<L: Slice> Edit<L::State> for TakeEntry<L>
where
    L::Value: Map,
    <L::Value as Map>::Entry: Clone,
{
    fn apply(
        &self,
        state: &mut L::State,
        tree: &Arc<Node>,
        notes: &mut Notes,
        undo: bool,
    ) -> Option<Undo<L::State>> {
        let map = self.map.__value_mut(state, tree, &mut Default::default())?;
        let taken = map.take(&self.key)?;
        let (slice, segment) = (self.map.clone(), Segment::key(&self.key));
        notes.push(move || {
            Box::new(move |tree| {
                let node = slice.__path_nodes(tree, &mut Node::notify_this);
                notify_taken(&node, segment);
            })
        });
        Some(undo.then(|| restore(&self.map, &self.key, Some(&taken))))
    }

    fn inverse(&self, state: &L::State, tree: &Arc<Node>) -> Option<Box<dyn Edit<L::State>>> {
        let value = self.map.__value(state, tree)?.entry(&self.key)?;
        Some(restore(&self.map, &self.key, Some(value)))
    }

    fn notify(&self, tree: &Arc<Node>) {
        let node = self.map.__path_nodes(tree, &mut Node::notify_this);
        notify_taken(&node, Segment::key(&self.key));
    }

    fn place(&self, place: &mut Place) {
        entry_place(&self.map, &self.key, place);
    }

    fn path(&self) -> Path {
        self.map.path()
    }

    fn recorded(&self) -> bool {
        self.map.__recorded()
    }
}
