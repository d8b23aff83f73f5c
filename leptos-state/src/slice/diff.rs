//! Diffs: the edits that turn one value of a state into another, at the finest place
//! `#[derive(State)]`'s field structure reaches. A struct is compared field by field, a
//! keyed list row by row (by key, with the rows that came, went or moved), a map entry by
//! entry, a list without keys by position; anything else is one value.
//!
//! Undo steps of whole-store changes, tab sync and optimistic replays are made of these, so
//! that each holds and writes only what changed.

use super::{
    KeyFn, Keyed, KeyedVec, Slice, VecSlice,
    keyed::{InsertRows, OrderRows, Row},
    map::{
        Map,
        entry::{PutEntry, TakeEntry},
    },
    put::Put,
    root::Root,
    vec::splice::{From, Splice},
};
use crate::{edit::Edits, state::FieldOps};
use std::{
    collections::{BTreeMap, HashMap},
    fmt::Debug,
    hash::{BuildHasher, Hash},
    marker::PhantomData,
};

/// A value whose differences are found part by part: `#[derive(State)]` structs, `Vec`s and
/// maps. Not public API.
#[doc(hidden)]
pub trait Diff: Sized {
    /// Pushes to `out` the edits that turn `from` into `to`, for the value `at` reaches.
    fn __diff<L: Slice<Value = Self>>(at: &L, from: &Self, to: &Self, out: &mut Edits<L::State>);
}

/// Picks how a value of type `T` is diffed, where `T` is known: by its [`Diff`], else as
/// one value. Not public API.
#[doc(hidden)]
#[derive(Debug)]
pub struct DiffTag<T>(PhantomData<fn() -> T>);

impl<T> DiffTag<T> {
    /// The tag of `T`.
    pub fn new() -> Self {
        DiffTag(PhantomData)
    }
}

impl<T> Default for DiffTag<T> {
    fn default() -> Self {
        DiffTag::new()
    }
}

/// Diffs a value part by part. Not public API.
#[doc(hidden)]
pub trait ViaDiff<T> {
    /// Pushes the edits that turn `from` into `to`.
    fn __diff_at<L: Slice<Value = T>>(&self, at: &L, from: &T, to: &T, out: &mut Edits<L::State>);
}

impl<T: Diff> ViaDiff<T> for &DiffTag<T> {
    fn __diff_at<L: Slice<Value = T>>(&self, at: &L, from: &T, to: &T, out: &mut Edits<L::State>) {
        T::__diff(at, from, to, out);
    }
}

/// Diffs a value as one value. Not public API.
#[doc(hidden)]
pub trait ViaPut<T> {
    /// Pushes the edit that writes `to`, unless it equals `from`.
    fn __diff_at<L: Slice<Value = T>>(&self, at: &L, from: &T, to: &T, out: &mut Edits<L::State>);
}

impl<T: Clone + PartialEq + Send + Sync + 'static> ViaPut<T> for DiffTag<T> {
    fn __diff_at<L: Slice<Value = T>>(&self, at: &L, from: &T, to: &T, out: &mut Edits<L::State>) {
        put_item(at, from, to, out);
    }
}

/// Pushes the edit that writes `to` where `at` points, unless it equals `from`.
pub fn put_item<L>(at: &L, from: &L::Value, to: &L::Value, out: &mut Edits<L::State>)
where
    L: Slice,
    L::Value: Clone + PartialEq,
{
    if from != to {
        out.push(Box::new(Put::new(at.clone(), to.clone())));
    }
}

/// The edits that turn the whole state `from` into `to`.
pub fn diff_root<S: Diff + Clone + Send + Sync + 'static>(from: &S, to: &S, out: &mut Edits<S>) {
    S::__diff(&Root::new(), from, to, out);
}

/// The edits that turn the keyed list `from` into `to`, for the list `list` reaches: the
/// rows that left, the new order of the rows in both, the rows that came (each after the
/// row before it in `to`), and, through `item`, what changed in the rows in both.
pub fn diff_keyed<T, L, F>(
    list: &KeyedVec<L, F>,
    from: &[T],
    to: &[T],
    item: impl Fn(&Keyed<L, F, F::Key>, &T, &T, &mut Edits<L::State>),
    out: &mut Edits<L::State>,
) where
    T: Clone + PartialEq + Send + Sync + 'static,
    L: Slice<Value = Vec<T>>,
    F: KeyFn<T>,
{
    let key = |item: &T| list.key.key(item);
    let in_from: HashMap<F::Key, usize> = from
        .iter()
        .enumerate()
        .map(|(at, t)| (key(t), at))
        .collect();
    let in_to: HashMap<F::Key, usize> = to.iter().enumerate().map(|(at, t)| (key(t), at)).collect();
    let removed: Vec<F::Key> = from
        .iter()
        .map(key)
        .filter(|k| !in_to.contains_key(k))
        .collect();
    if !removed.is_empty() {
        out.push(list.remove_rows(removed));
    }
    let staying = |items: &[T], other: &HashMap<F::Key, usize>| -> Vec<F::Key> {
        items
            .iter()
            .map(key)
            .filter(|k| other.contains_key(k))
            .collect()
    };
    let order = staying(to, &in_from);
    if staying(from, &in_to) != order {
        out.push(Box::new(OrderRows {
            list: list.clone(),
            keys: order,
        }));
    }
    let rows: Vec<Row<T, F::Key>> = to
        .iter()
        .enumerate()
        .filter(|(_, t)| !in_from.contains_key(&key(t)))
        .map(|(at, _)| Row::of(to, at, key))
        .collect();
    if !rows.is_empty() {
        out.push(Box::new(InsertRows {
            list: list.clone(),
            rows,
        }));
    }
    for t in to {
        let k = key(t);
        if let Some(&at) = in_from.get(&k)
            && from[at] != *t
        {
            item(&list.by_key(k), &from[at], t, out);
        }
    }
}

/// A list without keys, by position: items changed in place, or the run between the common
/// start and end replaced.
impl<T: Clone + PartialEq + Send + Sync + 'static> Diff for Vec<T> {
    fn __diff<L: Slice<Value = Self>>(at: &L, from: &Self, to: &Self, out: &mut Edits<L::State>) {
        let start = from.iter().zip(to).take_while(|(a, b)| a == b).count();
        if from.len() == to.len() {
            for index in start..to.len() {
                put_item(&at.at(index), &from[index], &to[index], out);
            }
            return;
        }
        let end = from[start..]
            .iter()
            .rev()
            .zip(to[start..].iter().rev())
            .take_while(|(a, b)| a == b)
            .count();
        out.push(Box::new(Splice {
            list: at.clone(),
            at: From::Start(start),
            remove: from.len() - start - end,
            insert: to[start..to.len() - end].to_vec(),
        }));
    }
}

/// A map, entry by entry.
fn diff_map<L>(at: &L, from: &L::Value, to: &L::Value, out: &mut Edits<L::State>)
where
    L: Slice,
    L::Value: Map,
    <L::Value as Map>::Entry: Clone + PartialEq,
{
    from.for_each_entry(&mut |key, _| {
        if to.entry(key).is_none() {
            out.push(Box::new(TakeEntry {
                map: at.clone(),
                key: key.clone(),
            }));
        }
    });
    to.for_each_entry(&mut |key, value| {
        if from.entry(key) != Some(value) {
            out.push(Box::new(PutEntry {
                map: at.clone(),
                key: key.clone(),
                value: value.clone(),
            }));
        }
    });
}

impl<K, V, H> Diff for HashMap<K, V, H>
where
    K: Hash + Eq + Clone + Debug + Send + Sync + 'static,
    V: Clone + PartialEq + Send + Sync + 'static,
    H: BuildHasher + Send + Sync + 'static,
{
    fn __diff<L: Slice<Value = Self>>(at: &L, from: &Self, to: &Self, out: &mut Edits<L::State>) {
        diff_map(at, from, to, out);
    }
}

impl<K, V> Diff for BTreeMap<K, V>
where
    K: Hash + Ord + Clone + Debug + Send + Sync + 'static,
    V: Clone + PartialEq + Send + Sync + 'static,
{
    fn __diff<L: Slice<Value = Self>>(at: &L, from: &Self, to: &Self, out: &mut Edits<L::State>) {
        diff_map(at, from, to, out);
    }
}

/// The edits that turn the state `from` into `to`: part by part where `ops` (a `State`
/// type's field functions) can tell its parts apart, else the whole state as one value.
pub(crate) fn diff_state<S: Clone + Send + Sync + 'static>(
    ops: Option<&FieldOps<S>>,
    from: &S,
    to: &S,
) -> Edits<S> {
    let mut out = Edits::new();
    if !ops.is_some_and(|ops| (ops.diff)(from, to, &mut out)) {
        out = Edits::one(Box::new(Put::new(Root::new(), to.clone())));
    }
    out
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use crate::{State, edit::Edits, tree::Node};
    use proptest::prelude::*;
    use std::collections::BTreeMap;

    #[derive(State, Clone, PartialEq, Debug)]
    #[state(crate = crate)]
    struct Row {
        id: u8,
        text: String,
        marks: Vec<u8>,
    }

    #[derive(State, Clone, PartialEq, Debug, Default)]
    #[state(crate = crate)]
    struct Inner {
        a: u8,
        b: Option<u8>,
    }

    #[derive(State, Clone, PartialEq, Debug, Default)]
    #[state(crate = crate)]
    struct Doc {
        title: String,
        #[state(key = |r| r.id)]
        rows: Vec<Row>,
        list: Vec<u8>,
        map: BTreeMap<u8, u8>,
        inner: Inner,
        #[state(skip)]
        hidden: u8,
    }

    fn row() -> impl Strategy<Value = Row> {
        (
            0_u8..8,
            "[ab]{0,2}",
            proptest::collection::vec(0_u8..3, 0..3),
        )
            .prop_map(|(id, text, marks)| Row { id, text, marks })
    }

    fn doc() -> impl Strategy<Value = Doc> {
        (
            "[xy]{0,2}",
            proptest::collection::vec(row(), 0..8),
            proptest::collection::vec(0_u8..4, 0..6),
            proptest::collection::btree_map(0_u8..5, 0_u8..3, 0..4),
            (0_u8..3, proptest::option::of(0_u8..3)),
            0_u8..2,
        )
            .prop_map(|(title, mut rows, list, map, (a, b), hidden)| {
                // Keys are unique in a keyed list.
                let mut seen = std::collections::HashSet::new();
                rows.retain(|row| seen.insert(row.id));
                Doc {
                    title,
                    rows,
                    list,
                    map,
                    inner: Inner { a, b },
                    hidden,
                }
            })
    }

    fn diff(from: &Doc, to: &Doc) -> Edits<Doc> {
        let mut edits = Edits::new();
        assert!(Doc::__diff(from, to, &mut edits));
        edits
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        // The edits a diff finds turn one value into the other, and the edits read back
        // before them turn it back.
        #[test]
        fn a_diff_turns_one_value_into_the_other_and_back(from in doc(), to in doc()) {
            let edits = diff(&from, &to);
            prop_assert_eq!(edits.is_empty(), from == to);

            let mut forward = from.clone();
            edits.replay(&mut forward, &Node::new());
            prop_assert_eq!(&forward, &to);

            let undo = edits.inverse(&from, &Node::new());
            let mut back = to.clone();
            undo.replay(&mut back, &Node::new());
            prop_assert_eq!(&back, &from);

            let mut applied = from.clone();
            let tree = Node::new();
            let (_, undo) = edits.apply(&mut applied, &tree, &mut crate::edit::Notes::none(), true);
            prop_assert_eq!(&applied, &to);
            undo.replay(&mut applied, &tree);
            prop_assert_eq!(&applied, &from);
        }
    }
}
