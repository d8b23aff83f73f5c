//! [`Splice`]: the edit that replaces a run of a list's items, by position. The edits of
//! lists without keys: a push is undone by taking the last item off, a removal by putting
//! the item back where it was.

use super::{Node, Slice, reindexed};
use crate::{
    Path,
    edit::{Edit, Notes, Place, Undo},
};
use std::sync::Arc;

/// Where a splice starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum From {
    /// At this position.
    Start(usize),
    /// At the end: the run is the last `remove` items, and the new ones go after the rest
    /// (how a push is replayed on a list that has grown or shrunk since).
    End,
}

/// Replaces `remove` items of the list `list` from `at` with `insert`.
pub(crate) struct Splice<L, T> {
    pub(crate) list: L,
    pub(crate) at: From,
    pub(crate) remove: usize,
    pub(crate) insert: Vec<T>,
}

impl<L, T> Splice<L, T> {
    /// Where the run starts in a list of `len` items, if the run is there.
    fn start(&self, len: usize) -> Option<usize> {
        let start = match self.at {
            From::Start(start) => start,
            From::End => len.checked_sub(self.remove)?,
        };
        (start.checked_add(self.remove)? <= len).then_some(start)
    }
}

impl<T, L> Edit<L::State> for Splice<L, T>
where
    T: Clone + Send + Sync + 'static,
    L: Slice<Value = Vec<T>>,
{
    fn apply(
        &self,
        state: &mut L::State,
        tree: &Arc<Node>,
        notes: &mut Notes,
        undo: bool,
    ) -> Option<Undo<L::State>> {
        if self.remove == 0 && self.insert.is_empty() {
            return None;
        }
        let items = self
            .list
            .__value_mut(state, tree, &mut Default::default())?;
        let start = self.start(items.len())?;
        let removed: Vec<T> = items
            .splice(start..start + self.remove, self.insert.iter().cloned())
            .collect();
        let len = items.len();
        let list = self.list.clone();
        notes.push(move || {
            Box::new(move |tree| {
                let node = list.__path_nodes(tree, &mut Node::notify_this);
                reindexed(&node, start, len);
            })
        });
        Some(undo.then(|| -> Box<dyn Edit<L::State>> {
            Box::new(Splice {
                list: self.list.clone(),
                at: self.at,
                remove: self.insert.len(),
                insert: removed,
            })
        }))
    }

    fn inverse(&self, state: &L::State, tree: &Arc<Node>) -> Option<Box<dyn Edit<L::State>>> {
        if self.remove == 0 && self.insert.is_empty() {
            return None;
        }
        let items = self.list.__value(state, tree)?;
        let start = self.start(items.len())?;
        Some(Box::new(Splice {
            list: self.list.clone(),
            at: self.at,
            remove: self.insert.len(),
            insert: items[start..start + self.remove].to_vec(),
        }))
    }

    fn notify(&self, tree: &Arc<Node>) {
        let node = self.list.__path_nodes(tree, &mut Node::notify_this);
        node.notify_shape();
        match self.at {
            From::Start(start) => node.notify_children(
                |segment| matches!(segment, super::Segment::Index(index) if *index >= start),
            ),
            From::End => node.notify_children(|_| true),
        }
    }

    fn place(&self, place: &mut Place) {
        self.list.__place(place);
    }

    fn path(&self) -> Path {
        self.list.path()
    }

    fn recorded(&self) -> bool {
        self.list.__recorded()
    }
}
