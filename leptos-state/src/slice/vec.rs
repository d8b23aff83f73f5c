//! Slices of `Vec` fields: [`VecSlice`] and [`At`], the slice of one item by position.

pub(crate) mod splice;

use super::{
    Node, Pins, Segment, Slice,
    leptos_traits::leptos_traits,
    write::{self, Written},
};
use crate::StoreError;
use splice::{From, Splice};
use std::{borrow::Cow, fmt, panic::Location, sync::Arc};

/// Reading and writing a `Vec` through its slice, so that each write notifies only what it
/// changed.
///
/// Every slice whose value is a `Vec<T>` has these methods. Structural writes go through the
/// store's middleware like any other write, named `todos.push`, `todos.remove(2)` and so on.
/// For items that keep their identity as others come and go, give the field a key
/// (`#[state(key = |t: &Todo| t.id)]`) and use [`KeyedVec`](crate::KeyedVec).
///
/// # Examples
///
/// ```
/// use leptos::prelude::*;
/// use leptos_state::{State, Store, VecSlice};
///
/// #[derive(State, Clone, PartialEq, Default)]
/// struct Lists {
///     names: Vec<String>,
/// }
///
/// # let owner = Owner::new(); owner.set();
/// let store = Store::new(Lists::default());
/// store.names().push("Ada".into()).unwrap();
/// store.names().push("Grace".into()).unwrap();
/// store.names().at(1).set("Hopper".into());
/// assert_eq!(store.names().len(), 2);
/// assert_eq!(store.names().remove(0).unwrap(), "Ada");
/// assert_eq!(store.names().at(0).get_untracked(), "Hopper");
/// ```
pub trait VecSlice<T>: Slice<Value = Vec<T>> {
    /// The number of items; tracks the collection's shape, not its items, so a reader
    /// re-runs when items arrive or leave but not when one of them changes.
    #[track_caller]
    fn len(&self) -> usize {
        shape(self, Vec::len).unwrap_or(0)
    }

    /// [`len`](Self::len), without tracking: for event handlers.
    #[track_caller]
    fn len_untracked(&self) -> usize {
        super::leptos_traits::with(self, false, Vec::len).unwrap_or(0)
    }

    /// Whether there are no items; tracks like [`len`](Self::len).
    #[track_caller]
    fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The slice of the item at `index`. It reads as absent (`try_get` returns `None`) while
    /// there is no such item.
    fn at(&self, index: usize) -> At<Self> {
        At {
            parent: self.clone(),
            index,
        }
    }

    /// Appends an item. Readers of the collection and of its length re-run; readers of other
    /// items do not.
    ///
    /// # Errors
    ///
    /// As for [`Slice::checked_update`].
    #[track_caller]
    fn push(&self, item: T) -> Result<(), StoreError>
    where
        T: Clone + Send + Sync + 'static,
    {
        write::write_collection(self, Location::caller(), Some("push"), |items, undoing| {
            items.push(item);
            let pushed = items.len() - 1;
            undoing.push(|| Box::new(self.splice(From::End, 1, Vec::new())));
            Written::Changed {
                output: (),
                notify: move |node: &Arc<Node>| {
                    node.notify_shape();
                    node.notify_children_at(&[Segment::Index(pushed)]);
                },
            }
        })
    }

    /// Inserts an item at `index`, moving the later ones up. Readers of the items at `index`
    /// and after re-run, as their positions now hold other items.
    ///
    /// # Errors
    ///
    /// [`StoreError::OutOfBounds`] if `index` is past the end; otherwise as for
    /// [`Slice::checked_update`].
    #[track_caller]
    fn insert(&self, index: usize, item: T) -> Result<(), StoreError>
    where
        T: Clone + Send + Sync + 'static,
    {
        let op = format!("insert({index})");
        write::write_collection(self, Location::caller(), Some(&op), |items, undoing| {
            if index > items.len() {
                return Written::OutOfBounds {
                    index,
                    len: items.len(),
                };
            }
            items.insert(index, item);
            undoing.push(|| Box::new(self.splice(From::Start(index), 1, Vec::new())));
            Written::Changed {
                output: (),
                notify: move |node: &Arc<Node>| {
                    node.notify_shape();
                    node.notify_children(|segment| at_or_after(segment, index));
                },
            }
        })
    }

    /// Removes and returns the item at `index`, moving the later ones down.
    ///
    /// # Errors
    ///
    /// [`StoreError::OutOfBounds`] if there is no item at `index`; otherwise as for
    /// [`Slice::checked_update`].
    #[track_caller]
    fn remove(&self, index: usize) -> Result<T, StoreError>
    where
        T: Clone + Send + Sync + 'static,
    {
        let op = format!("remove({index})");
        let removed =
            write::write_collection(self, Location::caller(), Some(&op), |items, undoing| {
                if index >= items.len() {
                    return Written::OutOfBounds {
                        index,
                        len: items.len(),
                    };
                }
                let removed = items.remove(index);
                let len = items.len();
                undoing
                    .push(|| Box::new(self.splice(From::Start(index), 0, vec![removed.clone()])));
                Written::Changed {
                    output: removed,
                    notify: move |node: &Arc<Node>| reindexed(node, index, len),
                }
            })?;
        Ok(removed)
    }

    /// Keeps only the items for which `keep` returns `true`.
    ///
    /// # Errors
    ///
    /// As for [`Slice::checked_update`].
    #[track_caller]
    fn retain(&self, mut keep: impl FnMut(&T) -> bool) -> Result<(), StoreError>
    where
        T: Clone + Send + Sync + 'static,
    {
        write::write_collection(
            self,
            Location::caller(),
            Some("retain"),
            |items, undoing| {
                let before = items.len();
                let mut position = 0;
                let mut first_removed = None;
                let wanted = undoing.wanted();
                // Each removed item with its position.
                let mut removed = Vec::new();
                items.retain(|item| {
                    let kept = keep(item);
                    if !kept {
                        first_removed.get_or_insert(position);
                        if wanted {
                            removed.push((position, item.clone()));
                        }
                    }
                    position += 1;
                    kept
                });
                if let (Some(first), Some(&(last, _))) = (first_removed, removed.last()) {
                    // Put back as one run, from the first removed item to the last, as it
                    // was: its inverse, read from the list after, is exact (one splice per
                    // item would not be, each read where the others are already gone).
                    let stays = last + 1 - first - removed.len();
                    let mut kept = items[first..first + stays].iter();
                    let mut removed = removed.into_iter().peekable();
                    let run: Vec<T> = (first..=last)
                        .filter_map(|at| match removed.peek() {
                            Some((position, _)) if *position == at => {
                                removed.next().map(|(_, item)| item)
                            }
                            _ => kept.next().cloned(),
                        })
                        .collect();
                    undoing.push(|| Box::new(self.splice(From::Start(first), stays, run)));
                }
                match first_removed {
                    None => Written::Unchanged(()),
                    Some(first) => {
                        let len = items.len();
                        debug_assert!(len < before);
                        Written::Changed {
                            output: (),
                            notify: move |node: &Arc<Node>| reindexed(node, first, len),
                        }
                    }
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
    fn clear(&self) -> Result<(), StoreError>
    where
        T: Clone + Send + Sync + 'static,
    {
        write::write_collection(self, Location::caller(), Some("clear"), |items, undoing| {
            if items.is_empty() {
                return Written::Unchanged(());
            }
            let removed = std::mem::take(items);
            undoing.push(|| Box::new(self.splice(From::Start(0), 0, removed)));
            Written::Changed {
                output: (),
                notify: |node: &Arc<Node>| reindexed(node, 0, 0),
            }
        })
    }
}

impl<T: Send + Sync + 'static, L: Slice<Value = Vec<T>>> VecSlice<T> for L {}

/// The edits that undo writes through a list's slice.
trait SpliceOf<T>: Slice<Value = Vec<T>> {
    fn splice(&self, at: From, remove: usize, insert: Vec<T>) -> Splice<Self, T> {
        Splice {
            list: self.clone(),
            at,
            remove,
            insert,
        }
    }
}

impl<T, L: Slice<Value = Vec<T>>> SpliceOf<T> for L {}

/// Reads a collection's length, tracking its shape.
#[track_caller]
pub(crate) fn shape<L: Slice>(slice: &L, len: fn(&L::Value) -> usize) -> Option<usize> {
    let store = slice.__store()?;
    let inner = &store.inner;
    slice.__node(&inner.tree).track_shape();
    super::leptos_traits::with(slice, false, len)
}

fn at_or_after(segment: &Segment, index: usize) -> bool {
    matches!(segment, Segment::Index(i) if *i >= index)
}

/// Items from `first` on moved: their readers re-run, and positions past the new length are
/// forgotten.
pub(crate) fn reindexed(node: &Arc<Node>, first: usize, len: usize) {
    node.notify_shape();
    node.prune_notifying(|segment| !matches!(segment, Segment::Index(i) if *i >= len));
    node.notify_children(|segment| at_or_after(segment, first));
}

/// The slice of one item of a `Vec`, by position. Made by [`VecSlice::at`].
pub struct At<P> {
    parent: P,
    index: usize,
}

impl<P> At<P> {
    /// The item's position.
    pub fn index(&self) -> usize {
        self.index
    }
}

impl<T: Send + Sync + 'static, P: Slice<Value = Vec<T>>> Slice for At<P> {
    type State = P::State;
    type Value = T;

    from_parent!();
    from_parent!(rekeyed);
    child_node!(|this| Segment::Index(this.index));

    fn __value<'a>(&self, state: &'a P::State, tree: &Arc<Node>) -> Option<&'a T> {
        self.parent.__value(state, tree)?.get(self.index)
    }

    fn __value_mut<'a>(
        &self,
        state: &'a mut P::State,
        tree: &Arc<Node>,
        pins: &mut Pins,
    ) -> Option<&'a mut T> {
        self.parent
            .__value_mut(state, tree, pins)?
            .get_mut(self.index)
    }

    fn __push_steps(&self, steps: &mut Vec<Cow<'static, str>>) {
        self.parent.__push_steps(steps);
        steps.push(Cow::Owned(format!("[{}]", self.index)));
    }
}

impl<P: Clone> Clone for At<P> {
    fn clone(&self) -> Self {
        At {
            parent: self.parent.clone(),
            index: self.index,
        }
    }
}

impl<P: Copy> Copy for At<P> {}

impl<T: Send + Sync + 'static, P: Slice<Value = Vec<T>>> fmt::Debug for At<P> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("At")
            .field("path", &self.path().to_string())
            .finish_non_exhaustive()
    }
}

leptos_traits!([T: Send + Sync + 'static, P: Slice<Value = Vec<T>>] At<P> => T where []);
