//! The notification tree: one node per part of the state that something has read, and the
//! [`Pins`] a lookup through it resolved.
//!
//! Each node has a trigger for the readers of exactly that part. A write notifies the nodes
//! above the part it wrote (their value changed too), that part, and everything below it,
//! never its siblings. Nodes are created when a slice is first read or written, so the tree
//! holds only the parts that are in use; nodes for items that leave a collection are pruned.

use crate::sync;
use reactive_graph::{
    signal::ArcTrigger,
    traits::{Notify, Track},
};
use std::{
    any::Any,
    collections::HashMap,
    hash::{BuildHasherDefault, Hash, Hasher},
    sync::{
        Arc, Mutex, OnceLock,
        atomic::{AtomicU64, AtomicUsize, Ordering},
    },
};

/// How a node is reached from its parent.
#[doc(hidden)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Segment {
    /// A struct field, by its position in the struct.
    Field(u32),
    /// A collection item, by its position.
    Index(usize),
    /// A keyed collection item or a map entry, by the hash of its key.
    ///
    /// Two keys with the same 64-bit hash would share a node, so their readers would re-run
    /// for each other's writes.
    Key(u64),
}

impl Segment {
    /// The segment for a key.
    pub(crate) fn key<K: Hash + ?Sized>(key: &K) -> Segment {
        let mut hasher = KeyHasher::default();
        key.hash(&mut hasher);
        Segment::Key(hasher.finish())
    }
}

/// Hashes keys for [`Segment::Key`], on every keyed read and write: word by word with a
/// multiply-rotate step (as rustc's FxHash), then MurmurHash3's final mix so that nearby keys
/// spread over all 64 bits. Both steps are bijections, so keys that are one integer (ids)
/// never share a segment; SipHash, which this replaces, cost more than the rest of a lookup.
#[derive(Default)]
struct KeyHasher(u64);

impl Hasher for KeyHasher {
    fn finish(&self) -> u64 {
        let mut h = self.0;
        h ^= h >> 33;
        h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
        h ^= h >> 33;
        h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
        h ^ (h >> 33)
    }

    fn write(&mut self, bytes: &[u8]) {
        let mut words = bytes.chunks_exact(8);
        for word in &mut words {
            let mut full = [0; 8];
            full.copy_from_slice(word);
            self.write_u64(u64::from_le_bytes(full));
        }
        let rest = words.remainder();
        if !rest.is_empty() {
            let mut last = [0; 8];
            last[..rest.len()].copy_from_slice(rest);
            // The length tells "ab" from "ab\0".
            self.write_u64(u64::from_le_bytes(last) ^ ((rest.len() as u64) << 59));
        }
    }

    fn write_u8(&mut self, n: u8) {
        self.write_u64(u64::from(n));
    }

    fn write_u16(&mut self, n: u16) {
        self.write_u64(u64::from(n));
    }

    fn write_u32(&mut self, n: u32) {
        self.write_u64(u64::from(n));
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = (self.0.rotate_left(5) ^ n).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }

    fn write_usize(&mut self, n: usize) {
        self.write_u64(n as u64);
    }
}

/// Hashes segments for the children maps. Segments are small integers or already-hashed keys,
/// so a multiply-rotate step (as rustc's FxHash does) spreads them well enough, at a fraction
/// of SipHash's cost on every slice read and write.
#[derive(Default)]
struct SegmentHasher(u64);

impl Hasher for SegmentHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for byte in bytes {
            self.write_u64(u64::from(*byte));
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = (self.0.rotate_left(5) ^ n).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }

    fn write_u32(&mut self, n: u32) {
        self.write_u64(u64::from(n));
    }

    fn write_usize(&mut self, n: usize) {
        self.write_u64(n as u64);
    }

    fn write_isize(&mut self, n: isize) {
        self.write_u64(n as u64);
    }
}

type Table = HashMap<Segment, Arc<Node>, BuildHasherDefault<SegmentHasher>>;

/// A node's children: inline while there are at most two (a row whose fields are read one or
/// two at a time), so that reaching them touches no table of its own; a hash table beyond.
enum Children {
    Few([Option<(Segment, Arc<Node>)>; 2]),
    Many(Table),
}

impl Children {
    fn get(&self, segment: &Segment) -> Option<&Arc<Node>> {
        match self {
            Children::Few(few) => few
                .iter()
                .flatten()
                .find(|(at, _)| at == segment)
                .map(|(_, node)| node),
            Children::Many(table) => table.get(segment),
        }
    }

    /// The child at `segment`, made if there is none.
    fn get_or_make(&mut self, segment: Segment) -> Arc<Node> {
        if let Some(node) = self.get(&segment) {
            return Arc::clone(node);
        }
        let node = Node::new();
        match self {
            Children::Few(few) => {
                if let Some(free) = few.iter_mut().find(|slot| slot.is_none()) {
                    *free = Some((segment, Arc::clone(&node)));
                } else {
                    let mut table: Table = few.iter_mut().filter_map(Option::take).collect();
                    table.insert(segment, Arc::clone(&node));
                    *self = Children::Many(table);
                }
            }
            Children::Many(table) => {
                table.insert(segment, Arc::clone(&node));
            }
        }
        node
    }

    fn remove(&mut self, segment: &Segment) -> Option<Arc<Node>> {
        match self {
            Children::Few(few) => few
                .iter_mut()
                .find(|slot| slot.as_ref().is_some_and(|(at, _)| at == segment))
                .and_then(Option::take)
                .map(|(_, node)| node),
            Children::Many(table) => table.remove(segment),
        }
    }

    /// Takes out the children `keep` rejects.
    fn take_unless(&mut self, mut keep: impl FnMut(&Segment) -> bool) -> Vec<Arc<Node>> {
        let mut taken = Vec::new();
        match self {
            Children::Few(few) => {
                for slot in few.iter_mut() {
                    if slot.as_ref().is_some_and(|(at, _)| !keep(at))
                        && let Some((_, node)) = slot.take()
                    {
                        taken.push(node);
                    }
                }
            }
            Children::Many(table) => table.retain(|at, node| {
                let kept = keep(at);
                if !kept {
                    taken.push(Arc::clone(node));
                }
                kept
            }),
        }
        taken
    }

    /// The children `pick` selects.
    fn picked(&self, mut pick: impl FnMut(&Segment) -> bool) -> Vec<Arc<Node>> {
        match self {
            Children::Few(few) => few
                .iter()
                .flatten()
                .filter(|(at, _)| pick(at))
                .map(|(_, node)| Arc::clone(node))
                .collect(),
            Children::Many(table) => table
                .iter()
                .filter(|(at, _)| pick(at))
                .map(|(_, node)| Arc::clone(node))
                .collect(),
        }
    }

    fn len(&self) -> usize {
        match self {
            Children::Few(few) => few.iter().flatten().count(),
            Children::Many(table) => table.len(),
        }
    }

    fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// One part of the state that something has read or written.
#[doc(hidden)]
pub struct Node {
    /// Readers of this part's value; made when the first one subscribes, so that the parts a
    /// write only passes through (a row whose fields are read one by one) cost no trigger.
    this: OnceLock<ArcTrigger>,
    /// Readers of this collection's shape (its length and keys), not of its items.
    shape: OnceLock<ArcTrigger>,
    children: Mutex<Children>,
    /// On the root: counts the store's writes, so that a keyed collection can tell whether
    /// its key index was built from the current items. Bumped under the store's write lock.
    version: AtomicU64,
    /// For a keyed collection: the index from key to position (a `KeyIndex<K>`).
    pub(crate) key_index: Mutex<Option<Box<dyn Any + Send + Sync>>>,
    /// For a keyed collection's item: where the item was when last found, checked against
    /// its key before use (`usize::MAX` until then).
    position: AtomicUsize,
}

impl Node {
    pub(crate) fn new() -> Arc<Node> {
        Arc::new(Node {
            this: OnceLock::new(),
            shape: OnceLock::new(),
            children: Mutex::new(Children::Few([None, None])),
            version: AtomicU64::new(0),
            key_index: Mutex::new(None),
            position: AtomicUsize::new(usize::MAX),
        })
    }

    /// Where the keyed item at `segment` was when last found: `None` if nothing has used
    /// its node, `usize::MAX` if it was never found.
    pub(crate) fn child_position(&self, segment: &Segment) -> Option<usize> {
        self.children()
            .get(segment)
            .map(|child| child.position.load(Ordering::Relaxed))
    }

    /// Remembers where the keyed item at `segment` was found, if something uses its node.
    pub(crate) fn set_child_position(&self, segment: &Segment, position: usize) {
        if let Some(child) = self.children().get(segment) {
            child.position.store(position, Ordering::Relaxed);
        }
    }

    /// Where this node's item was last found in its collection (`usize::MAX`: never).
    pub(crate) fn position(&self) -> usize {
        self.position.load(Ordering::Relaxed)
    }

    /// Remembers where this node's item was found.
    pub(crate) fn set_position(&self, position: usize) {
        self.position.store(position, Ordering::Relaxed);
    }

    /// The child node at `segment`, created if nobody has used it yet.
    pub(crate) fn child(&self, segment: Segment) -> Arc<Node> {
        self.children().get_or_make(segment)
    }

    /// Subscribes the running effect or memo to this part's value.
    pub(crate) fn track(&self) {
        self.this.get_or_init(ArcTrigger::new).track();
    }

    /// Subscribes the running effect or memo to this collection's shape.
    pub(crate) fn track_shape(&self) {
        self.shape.get_or_init(ArcTrigger::new).track();
    }

    /// This part changed because something inside it changed: notify its own readers only.
    pub(crate) fn notify_this(&self) {
        if let Some(this) = self.this.get() {
            this.notify();
        }
    }

    /// This collection's items moved, arrived or left; its items' values did not change.
    pub(crate) fn notify_shape(&self) {
        self.notify_this();
        if let Some(shape) = self.shape.get() {
            shape.notify();
        }
    }

    /// This part was replaced or rewritten: notify its readers and every reader below it.
    pub(crate) fn notify_all(&self) {
        self.notify_shape();
        let children: Vec<Arc<Node>> = {
            let children = self.children();
            if children.is_empty() {
                return;
            }
            children.picked(|_| true)
        };
        for child in children {
            child.notify_all();
        }
    }

    /// Forgets the children that `keep` rejects, notifying their readers: the items that left
    /// a collection now read as absent, which their readers must see. A reader that runs again
    /// subscribes to a fresh node if the item comes back.
    pub(crate) fn prune_notifying(&self, mut keep: impl FnMut(&Segment) -> bool) {
        let removed = self.children().take_unless(&mut keep);
        for node in removed {
            node.notify_all();
        }
    }

    /// [`prune_notifying`](Self::prune_notifying) the children at `gone`: one lookup each,
    /// however many children there are.
    pub(crate) fn prune_notifying_at(&self, gone: &[Segment]) {
        let removed: Vec<Arc<Node>> = {
            let mut children = self.children();
            gone.iter()
                .filter_map(|segment| children.remove(segment))
                .collect()
        };
        for node in removed {
            node.notify_all();
        }
    }

    /// Notifies everything below the children at `segments` that exist: one lookup each.
    pub(crate) fn notify_children_at(&self, segments: &[Segment]) {
        let picked: Vec<Arc<Node>> = {
            let children = self.children();
            if children.is_empty() {
                return;
            }
            segments
                .iter()
                .filter_map(|segment| children.get(segment).cloned())
                .collect()
        };
        for node in picked {
            node.notify_all();
        }
    }

    /// Notifies everything below the children that `pick` selects.
    pub(crate) fn notify_children(&self, mut pick: impl FnMut(&Segment) -> bool) {
        let picked = self.children().picked(&mut pick);
        for node in picked {
            node.notify_all();
        }
    }

    /// How many writes the store has committed (on the root node).
    pub(crate) fn version(&self) -> u64 {
        self.version.load(Ordering::Acquire)
    }

    /// Counts one more write; the store calls this on its root while it holds the write lock.
    pub(crate) fn count_write(&self) {
        self.version.fetch_add(1, Ordering::Release);
    }

    fn children(&self) -> std::sync::MutexGuard<'_, Children> {
        sync::lock(&self.children)
    }
}

impl std::fmt::Debug for Node {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Node")
            .field("children", &self.children().len())
            .finish_non_exhaustive()
    }
}

/// The positions that keyed steps resolved to when a write found its slot, so that undoing a
/// refused write finds the same slot even if the write changed the item's key.
///
/// The first few are kept inline: a write through a keyed row, the common case, allocates
/// nothing for them.
#[doc(hidden)]
#[derive(Debug, Default)]
pub struct Pins {
    inline: [usize; INLINE_PINS],
    /// How many positions are pinned, inline and beyond.
    count: usize,
    beyond: Vec<usize>,
    replay: Option<usize>,
}

const INLINE_PINS: usize = 4;

impl Pins {
    /// The position a keyed step should use: the one it pinned before, when replaying.
    pub(crate) fn replayed(&mut self) -> Option<usize> {
        let next = self.replay.as_mut()?;
        let at = *next;
        *next += 1;
        if at >= self.count {
            return None;
        }
        match self.inline.get(at) {
            Some(position) => Some(*position),
            None => self.beyond.get(at - INLINE_PINS).copied(),
        }
    }

    pub(crate) fn pin(&mut self, position: usize) {
        if self.replay.is_some() {
            return;
        }
        match self.inline.get_mut(self.count) {
            Some(slot) => *slot = position,
            None => self.beyond.push(position),
        }
        self.count += 1;
    }

    pub(crate) fn start_replay(&mut self) {
        self.replay = Some(0);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn children_are_created_once_and_pruned_on_request() {
        let root = Node::new();
        let a = root.child(Segment::Field(0));
        assert!(Arc::ptr_eq(&a, &root.child(Segment::Field(0))));
        let three = root.child(Segment::Index(3));
        root.prune_notifying(|segment| !matches!(segment, Segment::Index(_)));
        assert!(!Arc::ptr_eq(&three, &root.child(Segment::Index(3))));
        assert!(Arc::ptr_eq(&a, &root.child(Segment::Field(0))));
    }

    #[test]
    fn pins_replay_in_order_past_the_inline_ones() {
        let mut pins = Pins::default();
        for position in 10..17 {
            pins.pin(position);
        }
        pins.start_replay();
        pins.pin(99);
        let replayed: Vec<_> = std::iter::from_fn(|| pins.replayed()).collect();
        assert_eq!(replayed, (10..17).collect::<Vec<_>>());
    }

    #[test]
    fn equal_keys_give_equal_segments() {
        assert_eq!(Segment::key(&7_u32), Segment::key(&7_u32));
        assert_ne!(Segment::key("a"), Segment::key("b"));
    }
}
