//! Keyed collections: [`KeyedVec`], and [`Keyed`], the slice of one item by key.

mod rows;

use super::{
    Node, Pins, Segment, Slice, diff,
    leptos_traits::{self, leptos_traits},
    vec::shape,
    write::{self, Written},
};
use crate::StoreError;
use crate::sync;
use reactive_graph::traits::{DefinedAt, IsDisposed, Track, Update, With, WithUntracked};
pub(crate) use rows::{InsertRows, OrderRows, Row};
use std::{
    borrow::Cow,
    collections::{HashMap, HashSet},
    fmt::{self, Debug},
    hash::Hash,
    marker::PhantomData,
    panic::Location,
    sync::Arc,
};

/// The function that gives a collection item its key: what `#[state(key = |t: &Todo| t.id)]`
/// holds. Any `Copy` closure or function `Fn(&T) -> K` is one.
pub trait KeyFn<T>: Copy + Send + Sync + 'static {
    /// The key's type.
    type Key: Hash + Eq + Clone + Debug + Send + Sync + 'static;

    /// The key of `item`.
    fn key(&self, item: &T) -> Self::Key;
}

impl<T, K, F> KeyFn<T> for F
where
    F: Fn(&T) -> K + Copy + Send + Sync + 'static,
    K: Hash + Eq + Clone + Debug + Send + Sync + 'static,
{
    type Key = K;

    fn key(&self, item: &T) -> K {
        self(item)
    }
}

/// The key function of the keyed `Vec` field `N` of the struct `S`, as its
/// `#[state(key = ...)]` declares it: the [`KeyFn`] of the slices `#[derive(State)]` makes.
///
/// A named type, where a `fn` pointer would do, so that reading keys calls the key function
/// directly, and the compiler can inline it into loops over thousands of rows.
pub struct KeyAt<S, const N: u32>(PhantomData<fn() -> S>);

/// How `#[derive(State)]` gives [`KeyAt`] the key function of the keyed field `N`.
#[doc(hidden)]
pub trait KeyedField<const N: u32> {
    /// The type of the field's items.
    type Item;
    /// The type of the items' keys.
    type Key: Hash + Eq + Clone + Debug + Send + Sync + 'static;
    /// The key of `item`.
    fn key(item: &Self::Item) -> Self::Key;
}

impl<S, const N: u32> KeyAt<S, N> {
    /// The key function of field `N` of `S`.
    pub const fn new() -> Self {
        KeyAt(PhantomData)
    }
}

impl<S, const N: u32> Default for KeyAt<S, N> {
    fn default() -> Self {
        Self::new()
    }
}

impl<S, const N: u32> Clone for KeyAt<S, N> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<S, const N: u32> Copy for KeyAt<S, N> {}

impl<S, const N: u32> Debug for KeyAt<S, N> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "KeyAt<{}, {N}>", std::any::type_name::<S>())
    }
}

impl<S: KeyedField<N> + 'static, const N: u32> KeyFn<S::Item> for KeyAt<S, N> {
    type Key = S::Key;

    #[inline]
    fn key(&self, item: &S::Item) -> S::Key {
        S::key(item)
    }
}

/// A `Vec` field whose items have keys, as `#[state(key = ...)]` declares.
///
/// Items are addressed by key with [`by_key`](Self::by_key): the slice stays attached to the
/// same item however the collection is reordered, grown or shrunk, and finding it is O(1)
/// (a key-to-position index, rebuilt only after the items moved). [`keys`](Self::keys) is the
/// list to give `<For/>`: it re-runs when items arrive, leave, move or change key, never when
/// an item's other fields change, so editing one row re-runs only that row's readers.
///
/// A row component under `<For each=move || list.keys() ...>` reads its item's slices with
/// plain `get()` and `with()`: a removal (through a slice, a whole-store write, undo, a
/// patch) notifies the collection before the removed rows, so `<For/>` drops a removed row's
/// view, and its effects with it, before they would run again. A reader that outlives the
/// item (a detail pane holding `by_key(id)` of a row that can go) re-runs and finds it gone,
/// and so does a reader that runs at once rather than on Leptos' scheduler (an
/// `ImmediateEffect`, a `subscribe` callback): read there with `try_get` or `try_with`
/// (Leptos' `get` and `with` panic on a missing value).
///
/// # Examples
///
/// ```
/// use leptos::prelude::*;
/// use leptos_state::{Slice, State, Store};
///
/// #[derive(State, Clone, PartialEq, Debug)]
/// struct Todo {
///     id: u32,
///     done: bool,
/// }
///
/// #[derive(State, Clone, PartialEq, Default)]
/// struct Todos {
///     #[state(key = |t: &Todo| t.id)]
///     items: Vec<Todo>,
/// }
///
/// # let owner = Owner::new(); owner.set();
/// let store = Store::new(Todos::default());
/// store.items().push(Todo { id: 7, done: false }).unwrap();
/// store.items().insert(0, Todo { id: 3, done: false }).unwrap();
///
/// let seven = store.items().by_key(7);
/// seven.done().set(true);
/// assert_eq!(store.items().keys(), [3, 7]);
/// assert_eq!(seven.path().to_string(), "items[id=7]");
/// assert!(store.items().remove(&7).unwrap().done);
/// assert_eq!(seven.try_get_untracked(), None); // gone
/// ```
pub struct KeyedVec<L, F> {
    pub(crate) inner: L,
    key_name: &'static str,
    pub(crate) key: F,
}

impl<T, L, F> KeyedVec<L, F>
where
    T: Clone + Send + Sync + 'static,
    L: Slice<Value = Vec<T>>,
    F: KeyFn<T>,
{
    /// The keyed view of the `Vec` slice `inner`, whose items' keys `key` gives. `key_name`
    /// names the key in paths and actions: `todos[id=3]`.
    pub fn new(inner: L, key_name: &'static str, key: F) -> Self {
        KeyedVec {
            inner,
            key_name,
            key,
        }
    }

    /// The slice of the item with key `key`. It reads as absent (`try_get` returns `None`)
    /// while there is no such item, and follows the item wherever it moves.
    pub fn by_key(&self, key: F::Key) -> Keyed<L, F, F::Key> {
        Keyed {
            parent: self.inner.clone(),
            key_name: self.key_name,
            key_fn: self.key,
            key,
        }
    }

    /// The items' keys in order. Tracks the collection's shape only: it re-runs when items
    /// arrive, leave or move, not when an item's fields change.
    #[track_caller]
    pub fn keys(&self) -> Vec<F::Key> {
        let Some(store) = self.inner.__store() else {
            return Vec::new();
        };
        self.inner.__node(&store.inner.tree).track_shape();
        self.keys_untracked()
    }

    /// [`keys`](Self::keys), without tracking: for event handlers.
    #[track_caller]
    pub fn keys_untracked(&self) -> Vec<F::Key> {
        leptos_traits::with(&self.inner, false, |items| {
            items.iter().map(|item| self.key.key(item)).collect()
        })
        .unwrap_or_default()
    }

    /// The number of items; tracks the shape like [`keys`](Self::keys).
    #[track_caller]
    pub fn len(&self) -> usize {
        shape(&self.inner, Vec::len).unwrap_or(0)
    }

    /// [`len`](Self::len), without tracking.
    #[track_caller]
    pub fn len_untracked(&self) -> usize {
        leptos_traits::with(&self.inner, false, Vec::len).unwrap_or(0)
    }

    /// Whether there are no items; tracks the shape like [`keys`](Self::keys).
    #[track_caller]
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Appends an item. Readers of the collection's shape re-run, and so do readers of
    /// `by_key` for the new item's key, which was absent until now.
    ///
    /// # Errors
    ///
    /// As for [`Slice::checked_update`].
    #[track_caller]
    pub fn push(&self, item: T) -> Result<(), StoreError> {
        let key = self.key.key(&item);
        let arrived = Segment::key(&key);
        write::write_collection(
            &self.inner,
            Location::caller(),
            Some("push"),
            |items, undoing| {
                items.push(item);
                undoing.push(|| self.remove_rows(vec![key]));
                Written::Changed {
                    output: (),
                    notify: move |node: &Arc<Node>| arrivals(node, arrived),
                }
            },
        )
    }

    /// Appends `items`, in order, as one change. Readers of the collection's shape re-run
    /// once, and so do readers of `by_key` for the new items' keys; readers of the items
    /// already there do not.
    ///
    /// # Errors
    ///
    /// As for [`Slice::checked_update`].
    #[track_caller]
    pub fn extend(&self, items: impl IntoIterator<Item = T>) -> Result<(), StoreError> {
        let items: Vec<T> = items.into_iter().collect();
        let keys: Vec<F::Key> = items.iter().map(|item| self.key.key(item)).collect();
        write::write_collection(
            &self.inner,
            Location::caller(),
            Some("extend"),
            |list, undoing| {
                if items.is_empty() {
                    return Written::Unchanged(());
                }
                list.extend(items);
                let arrived: Vec<Segment> = keys.iter().map(Segment::key).collect();
                undoing.push(|| self.remove_rows(keys));
                Written::Changed {
                    output: (),
                    notify: move |node: &Arc<Node>| {
                        node.notify_shape();
                        node.notify_children_at(&arrived);
                    },
                }
            },
        )
    }

    /// Swaps the items with keys `a` and `b`. Readers of the collection's shape re-run; the
    /// readers of the two items do not, since they follow their items by key.
    ///
    /// # Errors
    ///
    /// [`StoreError::Missing`] if no item has one of the keys; otherwise as for
    /// [`Slice::checked_update`].
    #[track_caller]
    pub fn swap(&self, a: &F::Key, b: &F::Key) -> Result<(), StoreError> {
        let op = format!("swap({name}={a:?}, {name}={b:?})", name = self.key_name);
        let key_fn = self.key;
        write::write_collection(
            &self.inner,
            Location::caller(),
            Some(&op),
            |items, undoing| {
                let find = |key: &F::Key| items.iter().position(|item| key_fn.key(item) == *key);
                let (first, second) = match (find(a), find(b)) {
                    (Some(first), Some(second)) => (first, second),
                    (found_a, _) => {
                        let gone = if found_a.is_none() { a } else { b };
                        return Written::Missing {
                            path: self.by_key(gone.clone()).path().to_string(),
                        };
                    }
                };
                if first == second {
                    return Written::Unchanged(());
                }
                items.swap(first, second);
                let order = if first < second {
                    vec![a.clone(), b.clone()]
                } else {
                    vec![b.clone(), a.clone()]
                };
                undoing.push(|| {
                    Box::new(OrderRows {
                        list: self.clone(),
                        keys: order,
                    })
                });
                Written::Changed {
                    output: (),
                    notify: |node: &Arc<Node>| node.notify_shape(),
                }
            },
        )
    }

    /// Inserts an item at position `index`. Readers of other items do not re-run: they follow
    /// their items by key.
    ///
    /// # Errors
    ///
    /// [`StoreError::OutOfBounds`] if `index` is past the end; otherwise as for
    /// [`Slice::checked_update`].
    #[track_caller]
    pub fn insert(&self, index: usize, item: T) -> Result<(), StoreError> {
        let key = self.key.key(&item);
        let arrived = Segment::key(&key);
        let op = format!("insert({index})");
        write::write_collection(
            &self.inner,
            Location::caller(),
            Some(&op),
            |items, undoing| {
                if index > items.len() {
                    return Written::OutOfBounds {
                        index,
                        len: items.len(),
                    };
                }
                items.insert(index, item);
                undoing.push(|| self.remove_rows(vec![key]));
                Written::Changed {
                    output: (),
                    notify: move |node: &Arc<Node>| arrivals(node, arrived),
                }
            },
        )
    }

    /// Removes and returns the item with key `key`.
    ///
    /// # Errors
    ///
    /// [`StoreError::Missing`] if no item has that key; otherwise as for
    /// [`Slice::checked_update`].
    #[track_caller]
    pub fn remove(&self, key: &F::Key) -> Result<T, StoreError> {
        let op = format!("remove({}={key:?})", self.key_name);
        let key_fn = self.key;
        write::write_collection(
            &self.inner,
            Location::caller(),
            Some(&op),
            |items, undoing| match items.iter().position(|item| key_fn.key(item) == *key) {
                None => Written::Missing {
                    path: self.by_key(key.clone()).path().to_string(),
                },
                Some(at) => {
                    let row = undoing
                        .wanted()
                        .then(|| Row::of(items, at, |item| key_fn.key(item)));
                    let removed = items.remove(at);
                    if let Some(row) = row {
                        undoing.push(|| self.insert_rows(vec![row]));
                    }
                    Written::Changed {
                        output: removed,
                        notify: move |node: &Arc<Node>| departures(node, &[Segment::key(key)]),
                    }
                }
            },
        )
    }

    /// Keeps only the items for which `keep` returns `true`. Readers of the removed items
    /// re-run and find them gone; readers of the kept ones do not re-run.
    ///
    /// # Errors
    ///
    /// As for [`Slice::checked_update`].
    #[track_caller]
    pub fn retain(&self, mut keep: impl FnMut(&T) -> bool) -> Result<(), StoreError> {
        let key_fn = self.key;
        write::write_collection(
            &self.inner,
            Location::caller(),
            Some("retain"),
            |items, undoing| {
                let wanted = undoing.wanted();
                let mut gone = Vec::new();
                let mut rows: Vec<Row<T, F::Key>> = Vec::new();
                let mut previous = None;
                // The removed row that waits to learn the key of the row after it.
                let mut open = false;
                let mut at = 0;
                items.retain(|item| {
                    let kept = keep(item);
                    let key = (wanted || !kept).then(|| key_fn.key(item));
                    if wanted
                        && std::mem::take(&mut open)
                        && let Some(row) = rows.last_mut()
                    {
                        row.before.clone_from(&key);
                    }
                    if !kept {
                        let key = key.clone().unwrap_or_else(|| key_fn.key(item));
                        gone.push(Segment::key(&key));
                        if wanted {
                            open = true;
                            rows.push(Row {
                                key,
                                item: item.clone(),
                                after: previous.clone(),
                                before: None,
                                at,
                            });
                        }
                    }
                    if wanted {
                        previous = key;
                    }
                    at += 1;
                    kept
                });
                if gone.is_empty() {
                    return Written::Unchanged(());
                }
                undoing.push(|| self.insert_rows(rows));
                Written::Changed {
                    output: (),
                    notify: move |node: &Arc<Node>| departures(node, &gone),
                }
            },
        )
    }

    /// Removes every item.
    ///
    /// # Errors
    ///
    /// As for [`Slice::checked_update`].
    #[track_caller]
    pub fn clear(&self) -> Result<(), StoreError> {
        write::write_collection(
            &self.inner,
            Location::caller(),
            Some("clear"),
            |items, undoing| {
                if items.is_empty() {
                    return Written::Unchanged(());
                }
                let removed = std::mem::take(items);
                undoing.push(|| {
                    let rows = (0..removed.len())
                        .map(|at| Row::of(&removed, at, |item| self.key.key(item)))
                        .collect();
                    self.insert_rows(rows)
                });
                Written::Changed {
                    output: (),
                    notify: |node: &Arc<Node>| {
                        node.notify_shape();
                        node.prune_notifying(|_| false);
                    },
                }
            },
        )
    }

    /// Replaces the items, re-running only the readers of items that changed (compared by
    /// key, then with `PartialEq`), and the readers of the shape if keys came, went or moved.
    ///
    /// # Errors
    ///
    /// As for [`Slice::checked_update`].
    #[track_caller]
    pub fn patch(&self, new: Vec<T>) -> Result<(), StoreError>
    where
        T: PartialEq,
    {
        let key_fn = self.key;
        write::write_collection(&self.inner, Location::caller(), None, |items, undoing| {
            let old: HashMap<F::Key, &T> =
                items.iter().map(|item| (key_fn.key(item), item)).collect();
            let mut changed = Vec::new();
            let mut kept = HashSet::new();
            for item in &new {
                let key = key_fn.key(item);
                if old.get(&key).is_none_or(|before| *before != item) {
                    changed.push(Segment::key(&key));
                }
                kept.insert(key);
            }
            let gone: Vec<Segment> = old
                .keys()
                .filter(|key| !kept.contains(*key))
                .map(Segment::key)
                .collect();
            let reshaped = !gone.is_empty()
                || items.len() != new.len()
                || items
                    .iter()
                    .zip(&new)
                    .any(|(a, b)| key_fn.key(a) != key_fn.key(b));
            if changed.is_empty() && !reshaped {
                return Written::Unchanged(());
            }
            let before = std::mem::replace(items, new);
            undoing.append(|edits| diff::diff_keyed(self, items, &before, diff::put_item, edits));
            Written::Changed {
                output: (),
                notify: move |node: &Arc<Node>| {
                    if reshaped {
                        node.notify_shape();
                    } else {
                        node.notify_this();
                    }
                    node.prune_notifying_at(&gone);
                    node.notify_children_at(&changed);
                },
            }
        })
    }

    /// Replaces the items like [`patch`](Self::patch); Leptos' `Set::set` on this type. A
    /// write the store does not take is logged as a warning, as for any slice.
    #[track_caller]
    pub fn set(&self, new: Vec<T>)
    where
        T: PartialEq,
    {
        if let Err(error) = self.patch(new) {
            write::report(&error);
        }
    }

    /// Where the collection is in the state, e.g. `todos`.
    pub fn path(&self) -> crate::Path {
        self.inner.path()
    }
}

/// An item with key segment `arrived` joined: readers waiting for that key re-run.
fn arrivals(node: &Arc<Node>, arrived: Segment) {
    node.notify_shape();
    node.notify_children_at(&[arrived]);
}

/// Items left: their readers re-run and find them gone (`try_get` returns `None`), and their
/// nodes are forgotten.
fn departures(node: &Arc<Node>, gone: &[Segment]) {
    node.notify_shape();
    node.prune_notifying_at(gone);
}

impl<L: Clone, F: Copy> Clone for KeyedVec<L, F> {
    fn clone(&self) -> Self {
        KeyedVec {
            inner: self.inner.clone(),
            ..*self
        }
    }
}

impl<L: Copy, F: Copy> Copy for KeyedVec<L, F> {}

impl<L: Slice, F> Debug for KeyedVec<L, F> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("KeyedVec")
            .field("path", &self.inner.path().to_string())
            .field("key", &self.key_name)
            .finish_non_exhaustive()
    }
}

impl<L: Slice, F> DefinedAt for KeyedVec<L, F> {
    fn defined_at(&self) -> Option<&'static Location<'static>> {
        self.inner.__store_defined_at()
    }
}

impl<L: Slice, F> IsDisposed for KeyedVec<L, F> {
    fn is_disposed(&self) -> bool {
        self.inner.__store().is_none()
    }
}

impl<L: Slice, F> Track for KeyedVec<L, F> {
    #[track_caller]
    fn track(&self) {
        leptos_traits::track(&self.inner);
    }
}

impl<L: Slice, F> WithUntracked for KeyedVec<L, F> {
    type Value = L::Value;

    #[track_caller]
    fn try_with_untracked<U>(&self, fun: impl FnOnce(&Self::Value) -> U) -> Option<U> {
        leptos_traits::with(&self.inner, false, fun)
    }
}

impl<L: Slice, F> With for KeyedVec<L, F> {
    type Value = L::Value;

    #[track_caller]
    fn try_with<U>(&self, fun: impl FnOnce(&Self::Value) -> U) -> Option<U> {
        leptos_traits::with(&self.inner, true, fun)
    }
}

impl<L: Slice, F> Update for KeyedVec<L, F>
where
    L::Value: Clone,
{
    type Value = L::Value;

    #[track_caller]
    fn try_maybe_update<U>(&self, fun: impl FnOnce(&mut Self::Value) -> (bool, U)) -> Option<U> {
        leptos_traits::update(&self.inner, Location::caller(), fun)
    }
}

/// The key index of a keyed collection: where each key was when it was built.
struct KeyIndex<K> {
    positions: HashMap<K, usize>,
    version: u64,
}

/// Finds the position of the item with key `key` in `items`, whose notification node is
/// `node`: O(1) while the index is current, O(n) to rebuild it after items moved.
///
/// An item that something reads has a node, which remembers where the item was last found:
/// that position is tried first, so that finding a row that has not moved touches only what
/// notifying its readers touches anyway. The index is the fallback.
///
/// `version` is the store's write count ([`Node::version`] of the tree's root): an index built
/// at the current count saw the current items, so a key it lacks is absent.
fn position<T, F: KeyFn<T>>(
    node: &Node,
    items: &[T],
    key_fn: F,
    key: &F::Key,
    version: u64,
) -> Option<usize> {
    let segment = Segment::key(key);
    let hint = node.child_position(&segment);
    let found = hinted_position(node, items, key_fn, key, version, hint);
    if let (Some(_), Some(found)) = (hint, found)
        && hint != Some(found)
    {
        node.set_child_position(&segment, found);
    }
    found
}

/// [`position`] given where the item was last found: that position if the item is still
/// there, else through the key index of the collection whose node is `node`.
fn hinted_position<T, F: KeyFn<T>>(
    node: &Node,
    items: &[T],
    key_fn: F,
    key: &F::Key,
    version: u64,
    hint: Option<usize>,
) -> Option<usize> {
    let at = |position: usize| {
        items
            .get(position)
            .is_some_and(|item| key_fn.key(item) == *key)
    };
    match hint {
        Some(hint) if at(hint) => Some(hint),
        _ => indexed_position(node, items, key_fn, key, version, at),
    }
}

/// [`position`] through the collection's key index, rebuilt if it is stale.
fn indexed_position<T, F: KeyFn<T>>(
    node: &Node,
    items: &[T],
    key_fn: F,
    key: &F::Key,
    version: u64,
    at: impl Fn(usize) -> bool,
) -> Option<usize> {
    let mut slot = sync::lock(&node.key_index);
    if let Some(index) = slot
        .as_ref()
        .and_then(|index| index.downcast_ref::<KeyIndex<F::Key>>())
    {
        match index.positions.get(key) {
            Some(&position) if at(position) => return Some(position),
            // Built from the current items, and the key was not among them.
            None if index.version == version => {
                return None;
            }
            _ => {}
        }
    }
    let positions: HashMap<F::Key, usize> = items
        .iter()
        .enumerate()
        .map(|(position, item)| (key_fn.key(item), position))
        .collect();
    let found = positions.get(key).copied();
    *slot = Some(Box::new(KeyIndex { positions, version }));
    found
}

/// The slice of one item of a keyed collection, by key. Made by [`KeyedVec::by_key`].
///
/// `L` is the collection's slice, `F` the key function and `K` its key type.
pub struct Keyed<L, F, K> {
    parent: L,
    key_name: &'static str,
    key_fn: F,
    key: K,
}

impl<L, F, K> Keyed<L, F, K> {
    /// The item's key.
    pub fn key(&self) -> &K {
        &self.key
    }
}

impl<T, L, F, K> Slice for Keyed<L, F, K>
where
    T: Send + Sync + 'static,
    L: Slice<Value = Vec<T>>,
    F: KeyFn<T, Key = K>,
    K: Hash + Eq + Clone + Debug + Send + Sync + 'static,
{
    type State = L::State;
    type Value = T;

    from_parent!();
    child_node!(|this| Segment::key(&this.key));

    fn __value<'a>(&self, state: &'a L::State, tree: &Arc<Node>) -> Option<&'a T> {
        let items = self.parent.__value(state, tree)?;
        let node = self.parent.__node(tree);
        items.get(position(
            &node,
            items,
            self.key_fn,
            &self.key,
            tree.version(),
        )?)
    }

    fn __locate<'a>(&self, state: &'a L::State, tree: &Arc<Node>) -> (Arc<Node>, Option<&'a T>) {
        let (parent, items) = self.parent.__locate(state, tree);
        let node = parent.child(Segment::key(&self.key));
        let Some(items) = items else {
            return (node, None);
        };
        // The row's own node remembers where it was: no second look through its parent.
        let hint = node.position();
        let position = hinted_position(
            &parent,
            items,
            self.key_fn,
            &self.key,
            tree.version(),
            Some(hint),
        );
        if let Some(found) = position
            && found != hint
        {
            node.set_position(found);
        }
        (node, position.and_then(|position| items.get(position)))
    }

    fn __value_mut<'a>(
        &self,
        state: &'a mut L::State,
        tree: &Arc<Node>,
        pins: &mut Pins,
    ) -> Option<&'a mut T> {
        // The parent pins (and replays) its positions first: outermost steps come first.
        let items = self.parent.__value_mut(state, tree, pins)?;
        let position = match pins.replayed() {
            Some(position) => position,
            None => {
                let node = self.parent.__node(tree);
                let position = position(&node, items, self.key_fn, &self.key, tree.version())?;
                pins.pin(position);
                position
            }
        };
        items.get_mut(position)
    }

    fn __rekeyed(
        &self,
        state: &L::State,
        tree: &Arc<Node>,
        pins: &mut Pins,
        rekeyed: &mut Vec<(Arc<Node>, Segment)>,
    ) -> Self {
        let parent = self.parent.__rekeyed(state, tree, pins, rekeyed);
        let item = pins.replayed().and_then(|position| {
            self.parent
                .__value(state, tree)
                .and_then(|items| items.get(position))
        });
        let mut key = self.key.clone();
        if let Some(item) = item {
            let now = self.key_fn.key(item);
            if now != self.key {
                rekeyed.push((self.parent.__node(tree), Segment::key(&now)));
                key = now;
            }
        }
        Keyed {
            parent,
            key_name: self.key_name,
            key_fn: self.key_fn,
            key,
        }
    }

    fn __push_steps(&self, steps: &mut Vec<Cow<'static, str>>) {
        self.parent.__push_steps(steps);
        steps.push(Cow::Owned(format!("[{}={:?}]", self.key_name, self.key)));
    }
}

impl<L: Clone, F: Copy, K: Clone> Clone for Keyed<L, F, K> {
    fn clone(&self) -> Self {
        Keyed {
            parent: self.parent.clone(),
            key_name: self.key_name,
            key_fn: self.key_fn,
            key: self.key.clone(),
        }
    }
}

impl<L: Copy, F: Copy, K: Copy> Copy for Keyed<L, F, K> {}

impl<L: Slice, F, K: Debug> Debug for Keyed<L, F, K> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Keyed")
            .field("collection", &self.parent.path().to_string())
            .field(self.key_name, &self.key)
            .finish_non_exhaustive()
    }
}

leptos_traits!(
    [T: Send + Sync + 'static, L: Slice<Value = Vec<T>>, F: KeyFn<T, Key = K>, K: Hash + Eq + Clone + Debug + Send + Sync + 'static] Keyed<L, F, K> => T where []
);
