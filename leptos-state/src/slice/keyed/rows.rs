//! The edits of keyed lists, by key: [`InsertRows`], [`RemoveRows`] and [`OrderRows`]. A
//! row is found by its key wherever it has moved, and another row's arrival or departure
//! does not disturb an edit of this one, so these edits can be replayed on a list that other
//! changes have reordered, grown or shrunk.

use super::{KeyFn, KeyedVec, arrivals, departures, position};
use crate::{
    Path,
    edit::{Edit, Notes, Place, Undo},
    slice::{Node, Pins, Segment, Slice},
};
use std::{
    collections::{HashMap, HashSet},
    sync::Arc,
};

/// One row to put into a keyed list, between the rows it was between: after the row with
/// key `after` (first when `None`); when that row is not there, before the row with key
/// `before` (last when `None`); when neither is there, at position `at`.
#[derive(Clone)]
pub(crate) struct Row<T, K> {
    pub(crate) key: K,
    pub(crate) item: T,
    pub(crate) after: Option<K>,
    pub(crate) before: Option<K>,
    pub(crate) at: usize,
}

impl<T: Clone, K> Row<T, K> {
    /// The row at position `at` of `items`, between its neighbours there.
    pub(crate) fn of(items: &[T], at: usize, key: impl Fn(&T) -> K) -> Self {
        Row {
            key: key(&items[at]),
            item: items[at].clone(),
            after: at.checked_sub(1).map(|before| key(&items[before])),
            before: items.get(at + 1).map(&key),
            at,
        }
    }
}

/// Puts rows into a keyed list, each after the row that came before it. A row whose key is
/// in the list already is left out.
pub(crate) struct InsertRows<L, F, T, K> {
    pub(crate) list: KeyedVec<L, F>,
    pub(crate) rows: Vec<Row<T, K>>,
}

/// Takes the rows with these keys out of a keyed list.
pub(crate) struct RemoveRows<L, F, K> {
    pub(crate) list: KeyedVec<L, F>,
    pub(crate) keys: Vec<K>,
}

/// Puts the rows with these keys in this order, in the positions they hold between them;
/// the other rows stay where they are.
pub(crate) struct OrderRows<L, F, K> {
    pub(crate) list: KeyedVec<L, F>,
    pub(crate) keys: Vec<K>,
}

impl<T, L, F> KeyedVec<L, F>
where
    T: Clone + Send + Sync + 'static,
    L: Slice<Value = Vec<T>>,
    F: KeyFn<T>,
{
    /// The edit that takes out the rows with `keys`.
    pub(crate) fn remove_rows(&self, keys: Vec<F::Key>) -> Box<dyn Edit<L::State>> {
        Box::new(RemoveRows {
            list: self.clone(),
            keys,
        })
    }

    /// The edit that puts in `rows`.
    pub(crate) fn insert_rows(&self, rows: Vec<Row<T, F::Key>>) -> Box<dyn Edit<L::State>> {
        Box::new(InsertRows {
            list: self.clone(),
            rows,
        })
    }

    /// The place of the row with key `key`.
    fn row_place(&self, key: &F::Key, place: &mut Place) {
        place.clear();
        self.inner.__place(place);
        place.segments.push(Segment::key(key));
    }

    /// Calls `each` with the place of each row in `rows` (found by `key`).
    fn each_row_place<X>(
        &self,
        rows: &[X],
        key: impl Fn(&X) -> &F::Key,
        each: &mut dyn FnMut(&Place),
    ) {
        let mut place = Place::default();
        for row in rows {
            self.row_place(key(row), &mut place);
            each(&place);
        }
    }

    /// Drops the rows of `rows` whose place `dead` picks; `false` when none is left.
    fn forget_rows<X>(
        &self,
        rows: &mut Vec<X>,
        key: impl Fn(&X) -> &F::Key,
        dead: &mut dyn FnMut(&Place) -> bool,
    ) -> bool {
        let mut place = Place::default();
        rows.retain(|row| {
            self.row_place(key(row), &mut place);
            !dead(&place)
        });
        !rows.is_empty()
    }

    /// The row before position `at` in `items`, by key.
    fn key_before(&self, items: &[T], at: usize) -> Option<F::Key> {
        at.checked_sub(1)
            .and_then(|before| items.get(before))
            .map(|item| self.key.key(item))
    }

    /// Removes the rows with `keys` from `items`; returns each with the key before it and
    /// its position, to put back in order.
    fn take_rows(&self, items: &mut Vec<T>, keys: &[F::Key]) -> Vec<Row<T, F::Key>> {
        let mut taken = Vec::new();
        let keys: HashSet<&F::Key> = keys.iter().collect();
        let mut kept = Vec::with_capacity(items.len());
        let mut previous: Option<F::Key> = None;
        // The taken row that waits to learn the key of the row after it.
        let mut open = None;
        for (at, item) in std::mem::take(items).into_iter().enumerate() {
            let key = self.key.key(&item);
            if let Some(open) = open.take() {
                let row: &mut Row<T, F::Key> = &mut taken[open];
                row.before = Some(key.clone());
            }
            if keys.contains(&key) {
                open = Some(taken.len());
                taken.push(Row {
                    key: key.clone(),
                    item,
                    after: previous.clone(),
                    before: None,
                    at,
                });
            } else {
                kept.push(item);
            }
            previous = Some(key);
        }
        *items = kept;
        taken
    }
}

/// Where one row goes in `items`, given where the rows with keys are (`position`).
fn place_row<K>(
    row: &Row<impl Sized, K>,
    len: usize,
    position: impl Fn(&K) -> Option<usize>,
) -> usize {
    let Some(after) = &row.after else {
        return 0;
    };
    if let Some(before) = position(after) {
        return before + 1;
    }
    match &row.before {
        None => len,
        Some(next) => position(next).unwrap_or_else(|| row.at.min(len)),
    }
}

/// Puts `rows` (whose keys are not in `items`, each once) where they go, all at once:
/// O(items + rows), however many rows name each other as neighbours.
fn insert_rows<T: Clone, K: std::hash::Hash + Eq + Clone>(
    items: &mut Vec<T>,
    key_of: impl Fn(&T) -> K,
    rows: Vec<&Row<T, K>>,
) {
    let present: HashSet<K> = items
        .iter()
        .map(&key_of)
        .chain(rows.iter().map(|row| row.key.clone()))
        .collect();
    // Rows by the neighbour they go after (`None`: first) or, when that one is not there,
    // before; rows with neither go last, or at their position.
    let mut after: HashMap<Option<K>, Vec<&Row<T, K>>> = HashMap::new();
    let mut before: HashMap<K, Vec<&Row<T, K>>> = HashMap::new();
    let mut last = Vec::new();
    let mut at = Vec::new();
    for row in rows {
        match (&row.after, &row.before) {
            (Some(key), _) if present.contains(key) => {
                after.entry(Some(key.clone())).or_default().push(row);
            }
            (None, _) => after.entry(None).or_default().push(row),
            (Some(_), Some(next)) if present.contains(next) => {
                before.entry(next.clone()).or_default().push(row);
            }
            (Some(_), None) => last.push(row),
            (Some(_), Some(_)) => at.push(row),
        }
    }
    let mut merged = Vec::with_capacity(items.len() + present.len());
    let mut emit = Emit {
        after,
        before,
        merged: &mut merged,
    };
    let first = emit.after.remove(&None).unwrap_or_default();
    emit.rows(first);
    for item in std::mem::take(items) {
        let key = key_of(&item);
        let ahead = emit.before.remove(&key).unwrap_or_default();
        emit.rows(ahead);
        emit.merged.push(item);
        let behind = emit.after.remove(&Some(key)).unwrap_or_default();
        emit.rows(behind);
    }
    emit.rows(last);
    // Rows that name only each other go by position.
    at.extend(emit.after.into_values().flatten());
    at.extend(emit.before.into_values().flatten());
    at.sort_by_key(|row| row.at);
    for row in at {
        merged.insert(row.at.min(merged.len()), row.item.clone());
    }
    *items = merged;
}

/// Emits rows with the rows placed before and after each, without recursion (a chain of
/// ten thousand rows, each after the one before, is one undo of a `clear`).
struct Emit<'a, 'r, T, K> {
    after: HashMap<Option<K>, Vec<&'r Row<T, K>>>,
    before: HashMap<K, Vec<&'r Row<T, K>>>,
    merged: &'a mut Vec<T>,
}

impl<'r, T: Clone, K: std::hash::Hash + Eq + Clone> Emit<'_, 'r, T, K> {
    fn rows(&mut self, rows: Vec<&'r Row<T, K>>) {
        enum Task<'r, T, K> {
            /// The rows before it, then it, then the rows after it.
            Enter(&'r Row<T, K>),
            /// It, then the rows after it.
            Leave(&'r Row<T, K>),
        }
        let mut stack: Vec<Task<'r, T, K>> = rows.into_iter().rev().map(Task::Enter).collect();
        while let Some(task) = stack.pop() {
            match task {
                Task::Enter(row) => {
                    stack.push(Task::Leave(row));
                    let ahead = self.before.remove(&row.key).unwrap_or_default();
                    stack.extend(ahead.into_iter().rev().map(Task::Enter));
                }
                Task::Leave(row) => {
                    self.merged.push(row.item.clone());
                    let behind = self
                        .after
                        .remove(&Some(row.key.clone()))
                        .unwrap_or_default();
                    stack.extend(behind.into_iter().rev().map(Task::Enter));
                }
            }
        }
    }
}

impl<T, L, F> Edit<L::State> for InsertRows<L, F, T, F::Key>
where
    T: Clone + Send + Sync + 'static,
    L: Slice<Value = Vec<T>>,
    F: KeyFn<T>,
{
    fn apply(
        &self,
        state: &mut L::State,
        tree: &Arc<Node>,
        notes: &mut Notes,
        undo: bool,
    ) -> Option<Undo<L::State>> {
        let list = &self.list;
        let node = list.inner.__node(tree);
        let version = tree.version();
        let items = list.inner.__value_mut(state, tree, &mut Pins::default())?;
        let mut seen = HashSet::new();
        let rows: Vec<&Row<T, F::Key>> = self
            .rows
            .iter()
            .filter(|row| {
                seen.insert(row.key.clone())
                    && position(&node, items, list.key, &row.key, version).is_none()
            })
            .collect();
        if rows.is_empty() {
            return None;
        }
        let keys: Vec<F::Key> = rows.iter().map(|row| row.key.clone()).collect();
        match rows[..] {
            [row] => {
                let hinted = row.after.is_some() && list.key_before(items, row.at) == row.after;
                let at = if hinted {
                    row.at
                } else {
                    place_row(row, items.len(), |key| {
                        position(&node, items, list.key, key, version)
                    })
                };
                items.insert(at, row.item.clone());
            }
            _ => insert_rows(items, |item| list.key.key(item), rows),
        }
        let arrived: Vec<Segment> = keys.iter().map(Segment::key).collect();
        let collection = list.inner.clone();
        notes.push(move || {
            Box::new(move |tree| {
                let node = collection.__path_nodes(tree, &mut Node::notify_this);
                for segment in arrived {
                    arrivals(&node, segment);
                }
            })
        });
        Some(undo.then(|| -> Box<dyn Edit<L::State>> {
            Box::new(RemoveRows {
                list: list.clone(),
                keys,
            })
        }))
    }

    fn inverse(&self, state: &L::State, tree: &Arc<Node>) -> Option<Box<dyn Edit<L::State>>> {
        let list = &self.list;
        let items = list.inner.__value(state, tree)?;
        let node = list.inner.__node(tree);
        let keys: Vec<F::Key> = self
            .rows
            .iter()
            .filter(|row| position(&node, items, list.key, &row.key, tree.version()).is_none())
            .map(|row| row.key.clone())
            .collect();
        (!keys.is_empty()).then(|| -> Box<dyn Edit<L::State>> {
            Box::new(RemoveRows {
                list: list.clone(),
                keys,
            })
        })
    }

    fn notify(&self, tree: &Arc<Node>) {
        let node = self.list.inner.__path_nodes(tree, &mut Node::notify_this);
        for row in &self.rows {
            arrivals(&node, Segment::key(&row.key));
        }
    }

    fn place(&self, place: &mut Place) {
        self.list.inner.__place(place);
    }

    fn places(&self, each: &mut dyn FnMut(&Place)) {
        self.list.each_row_place(&self.rows, |row| &row.key, each);
    }

    fn forget(&mut self, dead: &mut dyn FnMut(&Place) -> bool) -> bool {
        self.list.forget_rows(&mut self.rows, |row| &row.key, dead)
    }

    fn path(&self) -> Path {
        self.list.inner.path()
    }

    fn recorded(&self) -> bool {
        self.list.inner.__recorded()
    }
}

impl<T, L, F> Edit<L::State> for RemoveRows<L, F, F::Key>
where
    T: Clone + Send + Sync + 'static,
    L: Slice<Value = Vec<T>>,
    F: KeyFn<T>,
{
    fn apply(
        &self,
        state: &mut L::State,
        tree: &Arc<Node>,
        notes: &mut Notes,
        undo: bool,
    ) -> Option<Undo<L::State>> {
        let list = &self.list;
        let node = list.inner.__node(tree);
        let version = tree.version();
        let items = list.inner.__value_mut(state, tree, &mut Pins::default())?;
        let taken = match &self.keys[..] {
            [key] => {
                let at = position(&node, items, list.key, key, version)?;
                let mut row = Row::of(items, at, |item| list.key.key(item));
                row.item = items.remove(at);
                vec![row]
            }
            keys => list.take_rows(items, keys),
        };
        if taken.is_empty() {
            return None;
        }
        let gone: Vec<Segment> = taken.iter().map(|row| Segment::key(&row.key)).collect();
        let collection = list.inner.clone();
        notes.push(move || {
            Box::new(move |tree| {
                let node = collection.__path_nodes(tree, &mut Node::notify_this);
                departures(&node, &gone);
            })
        });
        Some(undo.then(|| -> Box<dyn Edit<L::State>> {
            Box::new(InsertRows {
                list: list.clone(),
                rows: taken,
            })
        }))
    }

    fn inverse(&self, state: &L::State, tree: &Arc<Node>) -> Option<Box<dyn Edit<L::State>>> {
        let list = &self.list;
        let items = list.inner.__value(state, tree)?;
        let keys: HashSet<&F::Key> = self.keys.iter().collect();
        let rows: Vec<Row<T, F::Key>> = (0..items.len())
            .filter(|&at| keys.contains(&list.key.key(&items[at])))
            .map(|at| Row::of(items, at, |item| list.key.key(item)))
            .collect();
        (!rows.is_empty()).then(|| -> Box<dyn Edit<L::State>> {
            Box::new(InsertRows {
                list: list.clone(),
                rows,
            })
        })
    }

    fn notify(&self, tree: &Arc<Node>) {
        let node = self.list.inner.__path_nodes(tree, &mut Node::notify_this);
        let gone: Vec<Segment> = self.keys.iter().map(Segment::key).collect();
        departures(&node, &gone);
    }

    fn place(&self, place: &mut Place) {
        self.list.inner.__place(place);
    }

    fn places(&self, each: &mut dyn FnMut(&Place)) {
        self.list.each_row_place(&self.keys, |key| key, each);
    }

    fn forget(&mut self, dead: &mut dyn FnMut(&Place) -> bool) -> bool {
        self.list.forget_rows(&mut self.keys, |key| key, dead)
    }

    fn path(&self) -> Path {
        self.list.inner.path()
    }

    fn recorded(&self) -> bool {
        self.list.inner.__recorded()
    }
}

impl<T, L, F> Edit<L::State> for OrderRows<L, F, F::Key>
where
    T: Clone + Send + Sync + 'static,
    L: Slice<Value = Vec<T>>,
    F: KeyFn<T>,
{
    fn apply(
        &self,
        state: &mut L::State,
        tree: &Arc<Node>,
        notes: &mut Notes,
        undo: bool,
    ) -> Option<Undo<L::State>> {
        let list = &self.list;
        let items = list.inner.__value_mut(state, tree, &mut Pins::default())?;
        let wanted: HashMap<&F::Key, usize> = self
            .keys
            .iter()
            .enumerate()
            .map(|(rank, key)| (key, rank))
            .collect();
        // The positions of the listed rows, and the rank each should have there.
        let mut slots = Vec::new();
        let mut ranks = Vec::new();
        for (at, item) in items.iter().enumerate() {
            if let Some(&rank) = wanted.get(&list.key.key(item)) {
                slots.push(at);
                ranks.push((rank, at));
            }
        }
        if ranks.is_sorted() {
            return None;
        }
        let before = undo.then(|| {
            slots
                .iter()
                .map(|&at| list.key.key(&items[at]))
                .collect::<Vec<_>>()
        });
        ranks.sort_unstable();
        let moved: Vec<T> = ranks.iter().map(|&(_, at)| items[at].clone()).collect();
        for (slot, item) in slots.into_iter().zip(moved) {
            items[slot] = item;
        }
        let collection = list.inner.clone();
        notes.push(move || {
            Box::new(move |tree| {
                let node = collection.__path_nodes(tree, &mut Node::notify_this);
                node.notify_shape();
            })
        });
        Some(before.map(|keys| -> Box<dyn Edit<L::State>> {
            Box::new(OrderRows {
                list: list.clone(),
                keys,
            })
        }))
    }

    fn inverse(&self, state: &L::State, tree: &Arc<Node>) -> Option<Box<dyn Edit<L::State>>> {
        let list = &self.list;
        let items = list.inner.__value(state, tree)?;
        let wanted: HashSet<&F::Key> = self.keys.iter().collect();
        let keys: Vec<F::Key> = items
            .iter()
            .map(|item| list.key.key(item))
            .filter(|key| wanted.contains(key))
            .collect();
        Some(Box::new(OrderRows {
            list: list.clone(),
            keys,
        }))
    }

    fn notify(&self, tree: &Arc<Node>) {
        let node = self.list.inner.__path_nodes(tree, &mut Node::notify_this);
        node.notify_shape();
    }

    fn place(&self, place: &mut Place) {
        self.list.inner.__place(place);
        place.order_only = true;
    }

    fn path(&self) -> Path {
        self.list.inner.path()
    }

    fn recorded(&self) -> bool {
        self.list.inner.__recorded()
    }
}
