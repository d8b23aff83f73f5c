//! Slices of map fields: [`MapSlice`] and [`MapEntry`], the slice of one entry by key.

pub(crate) mod entry;

use super::{
    Node, Pins, Segment, Slice,
    leptos_traits::leptos_traits,
    vec::shape,
    write::{self, Written},
};
use crate::StoreError;
use entry::{PutEntry, TakeEntry};
use std::{
    borrow::Cow,
    collections::{BTreeMap, HashMap},
    fmt::{self, Debug},
    hash::{BuildHasher, Hash},
    panic::Location,
    sync::Arc,
};

/// A map a slice can point into: `HashMap` and `BTreeMap`.
pub trait Map: 'static {
    /// The key type.
    type Key: Hash + Eq + Clone + Debug + Send + Sync + 'static;
    /// The value type.
    type Entry: Send + Sync + 'static;

    #[doc(hidden)]
    fn count(&self) -> usize;
    #[doc(hidden)]
    fn entry(&self, key: &Self::Key) -> Option<&Self::Entry>;
    #[doc(hidden)]
    fn entry_mut(&mut self, key: &Self::Key) -> Option<&mut Self::Entry>;
    #[doc(hidden)]
    fn put(&mut self, key: Self::Key, value: Self::Entry) -> Option<Self::Entry>;
    #[doc(hidden)]
    fn take(&mut self, key: &Self::Key) -> Option<Self::Entry>;
    #[doc(hidden)]
    fn for_each_entry(&self, each: &mut dyn FnMut(&Self::Key, &Self::Entry));
}

macro_rules! map {
    ($map:ident<$($generics:ident),*> where [$($bounds:tt)*]) => {
        impl<$($generics),*> Map for $map<$($generics),*>
        where
            K: Hash + Eq + Clone + Debug + Send + Sync + 'static,
            V: Send + Sync + 'static,
            $($bounds)*
        {
            type Key = K;
            type Entry = V;

            fn count(&self) -> usize {
                self.len()
            }
            fn entry(&self, key: &K) -> Option<&V> {
                self.get(key)
            }
            fn entry_mut(&mut self, key: &K) -> Option<&mut V> {
                self.get_mut(key)
            }
            fn put(&mut self, key: K, value: V) -> Option<V> {
                self.insert(key, value)
            }
            fn take(&mut self, key: &K) -> Option<V> {
                self.remove(key)
            }
            fn for_each_entry(&self, each: &mut dyn FnMut(&K, &V)) {
                for (key, value) in self {
                    each(key, value);
                }
            }
        }
    };
}

map!(HashMap<K, V, H> where [H: BuildHasher + Send + Sync + 'static,]);
map!(BTreeMap<K, V> where [K: Ord,]);

/// Reading and writing a `HashMap` or `BTreeMap` through its slice, one entry at a time.
///
/// # Examples
///
/// ```
/// use leptos::prelude::*;
/// use leptos_state::{MapSlice, Slice, State, Store};
/// use std::collections::HashMap;
///
/// #[derive(State, Clone, PartialEq, Default)]
/// struct Scores {
///     by_player: HashMap<String, u32>,
/// }
///
/// # let owner = Owner::new(); owner.set();
/// let store = Store::new(Scores::default());
/// let ada = store.by_player().entry("ada".to_string());
/// assert_eq!(ada.try_get_untracked(), None);
/// store.by_player().insert("ada".into(), 3).unwrap();
/// ada.update(|score| *score += 1);
/// assert_eq!(ada.get_untracked(), 4);
/// assert_eq!(ada.path().to_string(), r#"by_player["ada"]"#);
/// ```
pub trait MapSlice: Slice
where
    Self::Value: Map,
{
    /// The slice of the entry at `key`; it reads as absent while there is none.
    fn entry(&self, key: <Self::Value as Map>::Key) -> MapEntry<Self, <Self::Value as Map>::Key> {
        MapEntry {
            parent: self.clone(),
            key,
        }
    }

    /// The number of entries; tracks the map's shape, not its values.
    #[track_caller]
    fn len(&self) -> usize {
        shape(self, Map::count).unwrap_or(0)
    }

    /// [`len`](Self::len), without tracking: for event handlers.
    #[track_caller]
    fn len_untracked(&self) -> usize {
        super::leptos_traits::with(self, false, Map::count).unwrap_or(0)
    }

    /// Whether the map is empty; tracks like [`len`](Self::len).
    #[track_caller]
    fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Inserts or replaces the entry at `key`, returning the value it replaced. Readers of
    /// that entry re-run; readers of other entries do not.
    ///
    /// # Errors
    ///
    /// As for [`Slice::checked_update`].
    #[track_caller]
    fn insert(
        &self,
        key: <Self::Value as Map>::Key,
        value: <Self::Value as Map>::Entry,
    ) -> Result<Option<<Self::Value as Map>::Entry>, StoreError>
    where
        Self::Value: Clone,
        <Self::Value as Map>::Entry: Clone,
    {
        let op = format!("insert({key:?})");
        let segment = Segment::key(&key);
        write::write_collection(self, Location::caller(), Some(&op), |map, undoing| {
            let undo_key = undoing.wanted().then(|| key.clone());
            let replaced = map.put(key, value);
            let arrived = replaced.is_none();
            if let Some(key) = undo_key {
                let map = self.clone();
                undoing.push(|| match &replaced {
                    Some(value) => Box::new(PutEntry {
                        map,
                        key,
                        value: value.clone(),
                    }),
                    None => Box::new(TakeEntry { map, key }),
                });
            }
            Written::Changed {
                output: replaced,
                notify: move |node: &Arc<Node>| entry::notify_put(node, arrived, segment),
            }
        })
    }

    /// Removes the entry at `key`, returning its value if there was one.
    ///
    /// # Errors
    ///
    /// As for [`Slice::checked_update`].
    #[track_caller]
    fn remove(
        &self,
        key: &<Self::Value as Map>::Key,
    ) -> Result<Option<<Self::Value as Map>::Entry>, StoreError>
    where
        Self::Value: Clone,
        <Self::Value as Map>::Entry: Clone,
    {
        let op = format!("remove({key:?})");
        let segment = Segment::key(key);
        write::write_collection(
            self,
            Location::caller(),
            Some(&op),
            |map, undoing| match map.take(key) {
                None => Written::Unchanged(None),
                Some(removed) => {
                    undoing.push(|| {
                        Box::new(PutEntry {
                            map: self.clone(),
                            key: key.clone(),
                            value: removed.clone(),
                        })
                    });
                    Written::Changed {
                        output: Some(removed),
                        notify: move |node: &Arc<Node>| entry::notify_taken(node, segment),
                    }
                }
            },
        )
    }
}

impl<L: Slice> MapSlice for L where L::Value: Map {}

/// The slice of one entry of a map, by key. Made by [`MapSlice::entry`].
pub struct MapEntry<P, K> {
    parent: P,
    key: K,
}

impl<P, K> MapEntry<P, K> {
    /// The entry's key.
    pub fn key(&self) -> &K {
        &self.key
    }
}

impl<P, K> Slice for MapEntry<P, K>
where
    P: Slice,
    P::Value: Map<Key = K>,
    K: Hash + Eq + Clone + Debug + Send + Sync + 'static,
{
    type State = P::State;
    type Value = <P::Value as Map>::Entry;

    from_parent!();
    from_parent!(rekeyed);
    child_node!(|this| Segment::key(&this.key));

    fn __value<'a>(&self, state: &'a P::State, tree: &Arc<Node>) -> Option<&'a Self::Value> {
        self.parent.__value(state, tree)?.entry(&self.key)
    }

    fn __value_mut<'a>(
        &self,
        state: &'a mut P::State,
        tree: &Arc<Node>,
        pins: &mut Pins,
    ) -> Option<&'a mut Self::Value> {
        self.parent
            .__value_mut(state, tree, pins)?
            .entry_mut(&self.key)
    }

    fn __push_steps(&self, steps: &mut Vec<Cow<'static, str>>) {
        self.parent.__push_steps(steps);
        steps.push(Cow::Owned(format!("[{:?}]", self.key)));
    }
}

impl<P: Clone, K: Clone> Clone for MapEntry<P, K> {
    fn clone(&self) -> Self {
        MapEntry {
            parent: self.parent.clone(),
            key: self.key.clone(),
        }
    }
}

impl<P: Copy, K: Copy> Copy for MapEntry<P, K> {}

impl<P: Slice, K: Debug> Debug for MapEntry<P, K> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MapEntry")
            .field("map", &self.parent.path().to_string())
            .field("key", &self.key)
            .finish_non_exhaustive()
    }
}

leptos_traits!(
    [P: Slice, K: Hash + Eq + Clone + Debug + Send + Sync + 'static] MapEntry<P, K> => <P::Value as Map>::Entry
    where [P::Value: Map<Key = K>,]
);
