//! [`Edit`]: one change to one place of a state, that can be written into any copy of the
//! state and undone by the edit read back before it; [`Edits`], a list of them; and
//! [`Place`], where an edit writes, to tell whether two edits touch the same part.
//!
//! Undo steps, optimistic replays and tab sync are lists of edits: an undo step holds the
//! edits that put back what a change overwrote, a replay the edits a write made, a tab's
//! catch-up the edits another tab made. An edit reaches its place through a slice, so a row
//! of a keyed list is found by its key wherever it has moved.

use crate::{change::Path, tree::Node, tree::Segment};
use std::{any::Any, any::TypeId, fmt, sync::Arc};

/// The edit that puts back what an applied edit overwrote, when it was asked for.
pub(crate) type Undo<S> = Option<Box<dyn Edit<S>>>;

/// How readers learn of what an applied edit changed, once the store is unlocked.
pub(crate) type Notify = Box<dyn FnOnce(&Arc<Node>) + Send + Sync>;

/// Collects the notifications of applied edits, when there are readers to notify (a store's
/// commit); edits written into a detached copy of a state (a replay) notify nobody.
pub(crate) struct Notes(Option<Vec<Notify>>);

impl Notes {
    /// Notes for a store's commit.
    pub(crate) fn new() -> Self {
        Notes(Some(Vec::new()))
    }

    /// No notes: the edits are written into a copy nobody reads.
    pub(crate) fn none() -> Self {
        Notes(None)
    }

    /// Keeps `notify`, made only when notes are taken.
    pub(crate) fn push(&mut self, notify: impl FnOnce() -> Notify) {
        if let Some(notes) = &mut self.0 {
            notes.push(notify());
        }
    }

    /// Notifies the readers of everything noted.
    pub(crate) fn notify(self, tree: &Arc<Node>) {
        for notify in self.0.into_iter().flatten() {
            notify(tree);
        }
    }
}

/// One change to one place of a state of type `S`.
///
/// Written by the slice module (a value for a slice, a row inserted into or removed from a
/// keyed list, ...) and by `#[derive(State)]`'s diff; used by the store's commit, undo
/// history, optimistic replays and tab sync, which know nothing of the slice behind it.
pub(crate) trait Edit<S>: Send + Sync {
    /// Writes the edit into `state`, noting what to notify. With `undo`, first reads the
    /// edit that puts back what it overwrites. `None` when the edit has nothing to write
    /// there (its place is gone, or already holds what the edit would add): `state` is
    /// unchanged.
    fn apply(
        &self,
        state: &mut S,
        tree: &Arc<Node>,
        notes: &mut Notes,
        undo: bool,
    ) -> Option<Undo<S>>;

    /// The edit that would put back what this one overwrites in `state`, without writing
    /// anything; `None` when this edit has nothing to write there.
    fn inverse(&self, state: &S, tree: &Arc<Node>) -> Option<Box<dyn Edit<S>>>;

    /// Notifies the readers of this edit's place as if it had just been written: for a
    /// state that changed by other means, when the edit describes what changed.
    fn notify(&self, tree: &Arc<Node>);

    /// Where the edit writes: the place that holds everything it writes.
    fn place(&self, place: &mut Place);

    /// Calls `each` with every place the edit writes: one per row for an edit of several
    /// rows, else its [`place`](Self::place).
    fn places(&self, each: &mut dyn FnMut(&Place)) {
        let mut place = Place::default();
        self.place(&mut place);
        each(&place);
    }

    /// Drops what the edit writes at the places `dead` picks (another change wrote there
    /// since); `false` when nothing is left of it.
    fn forget(&mut self, dead: &mut dyn FnMut(&Place) -> bool) -> bool {
        let mut place = Place::default();
        self.place(&mut place);
        !dead(&place)
    }

    /// Where the edit writes, as a path: `todos[id=3].done`.
    fn path(&self) -> Path;

    /// Whether undo history records edits to this place: no field on the way is
    /// `#[state(history = false)]`.
    fn recorded(&self) -> bool {
        true
    }

    /// The value the edit writes, when it writes one value to its place.
    fn value(&self) -> Option<&dyn Any> {
        None
    }

    /// For a value written through a slice, the slice's type and path: two such edits with
    /// the same key write the same place the same way (consecutive undo steps may merge).
    fn merge_key(&self) -> Option<(TypeId, Path)> {
        None
    }

    /// The value, when the edit writes the whole state.
    fn as_whole_state(&self) -> Option<&S> {
        None
    }
}

/// A list of edits, applied in order.
#[doc(hidden)]
pub struct Edits<S> {
    pub(crate) list: Vec<Box<dyn Edit<S>>>,
}

impl<S: 'static> Edits<S> {
    pub(crate) fn new() -> Self {
        Edits { list: Vec::new() }
    }

    pub(crate) fn one(edit: Box<dyn Edit<S>>) -> Self {
        Edits { list: vec![edit] }
    }

    pub(crate) fn push(&mut self, edit: Box<dyn Edit<S>>) {
        self.list.push(edit);
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    pub(crate) fn len(&self) -> usize {
        self.list.len()
    }

    /// Keeps only the edits `keep` accepts.
    pub(crate) fn retain(&mut self, mut keep: impl FnMut(&dyn Edit<S>) -> bool) {
        self.list.retain(|edit| keep(&**edit));
    }

    /// Writes the edits into `state` in order. Returns how many were written and, with
    /// `undo`, the edits that put back what they overwrote (in the order to apply them).
    /// Each written edit counts as a write on `tree`, so that a keyed lookup by a later edit
    /// does not trust a key index built before it.
    pub(crate) fn apply(
        &self,
        state: &mut S,
        tree: &Arc<Node>,
        notes: &mut Notes,
        undo: bool,
    ) -> (usize, Edits<S>) {
        apply(&self.list, state, tree, notes, undo)
    }

    /// The edits that would put back what these overwrite in `state`, read without writing,
    /// each from `state` as it is. That is right when the edits write places apart, as the
    /// edits of one change do (a diff writes each place once; a collection write keeps one
    /// edit per row, or one run of a list without keys), not for edits of one place that
    /// build on each other.
    pub(crate) fn inverse(&self, state: &S, tree: &Arc<Node>) -> Edits<S> {
        let mut inverse: Vec<_> = self
            .list
            .iter()
            .filter_map(|edit| edit.inverse(state, tree))
            .collect();
        inverse.reverse();
        Edits { list: inverse }
    }

    /// Writes the edits into `state`, a copy nobody reads; returns how many were written.
    pub(crate) fn replay(&self, state: &mut S, tree: &Arc<Node>) -> usize {
        let mut notes = Notes::none();
        let mut written = 0;
        for edit in &self.list {
            if edit.apply(state, tree, &mut notes, false).is_some() {
                tree.count_write();
                written += 1;
            }
        }
        written
    }

    /// Notifies the readers of every place the edits write.
    pub(crate) fn notify(&self, tree: &Arc<Node>) {
        for edit in &self.list {
            edit.notify(tree);
        }
    }

    /// The places the edits write.
    pub(crate) fn places(&self) -> Vec<Place> {
        let mut places = Vec::new();
        for edit in &self.list {
            edit.places(&mut |place| places.push(place.clone()));
        }
        places
    }

    /// Drops what the edits write at the places `dead` picks; `false` when nothing is left.
    pub(crate) fn forget(&mut self, dead: &mut dyn FnMut(&Place) -> bool) -> bool {
        self.list.retain_mut(|edit| edit.forget(dead));
        !self.list.is_empty()
    }
}

/// [`Edits::apply`], for edits held in a slice (an undo step of one edit holds its edit
/// alone).
pub(crate) fn apply<S: 'static>(
    list: &[Box<dyn Edit<S>>],
    state: &mut S,
    tree: &Arc<Node>,
    notes: &mut Notes,
    undo: bool,
) -> (usize, Edits<S>) {
    let mut written = 0;
    let mut inverse = Vec::new();
    for edit in list {
        if let Some(back) = edit.apply(state, tree, notes, undo) {
            tree.count_write();
            written += 1;
            inverse.extend(back);
        }
    }
    inverse.reverse();
    (written, Edits { list: inverse })
}

impl<S: 'static> Default for Edits<S> {
    fn default() -> Self {
        Edits::new()
    }
}

impl<S: 'static> fmt::Debug for Edits<S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list()
            .entries(self.list.iter().map(|edit| edit.path().to_string()))
            .finish()
    }
}

/// Where an edit writes: the segments from the root of the state to its place, and whether
/// it writes only the order of a collection's items (not their values or membership).
#[doc(hidden)]
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Place {
    pub(crate) segments: Vec<Segment>,
    pub(crate) order_only: bool,
}

impl Place {
    pub(crate) fn clear(&mut self) {
        self.segments.clear();
        self.order_only = false;
    }

    /// Whether two edits at these places can change what the other wrote: one place holds
    /// the other. An edit of a collection's order touches neither its items nor the rows
    /// that come and go, only the collection as a whole and what holds it.
    pub(crate) fn overlaps(&self, other: &Place) -> bool {
        let (short, long) = if self.segments.len() <= other.segments.len() {
            (self, other)
        } else {
            (other, self)
        };
        if long.segments[..short.segments.len()] != short.segments[..] {
            return false;
        }
        let below = long.segments.len() > short.segments.len();
        !(below && short.order_only)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn place(segments: &[Segment], order_only: bool) -> Place {
        Place {
            segments: segments.to_vec(),
            order_only,
        }
    }

    #[test]
    fn places_overlap_when_one_holds_the_other() {
        let todos = Segment::Field(0);
        let (one, two) = (Segment::Key(1), Segment::Key(2));
        let done = Segment::Field(2);
        assert!(place(&[todos, one], false).overlaps(&place(&[todos, one, done], false)));
        assert!(place(&[todos, one, done], false).overlaps(&place(&[todos, one], false)));
        assert!(!place(&[todos, one], false).overlaps(&place(&[todos, two], false)));
        assert!(place(&[], false).overlaps(&place(&[todos, two], false)));
    }

    #[test]
    fn an_order_touches_the_collection_but_not_its_rows() {
        let todos = Segment::Field(0);
        let order = place(&[todos], true);
        assert!(!order.overlaps(&place(&[todos, Segment::Key(1)], false)));
        assert!(order.overlaps(&place(&[todos], false)));
        assert!(order.overlaps(&place(&[todos], true)));
        assert!(order.overlaps(&place(&[], false)));
    }
}
