//! Slices: typed, reactive, writable handles to one part of a store's state.
//!
//! A slice is a path into the state plus the functions that follow it. Reading a slice tracks
//! only that part; writing it goes through the store's middleware as one change named after
//! the path (`todos[id=3].done`) and re-runs the readers of that part, of the parts that
//! contain it, and of the parts inside it, never of its siblings.
//!
//! `#[derive(State)]` generates the methods that make slices (`store.todos()`); the types
//! here are what it builds on, and can be used by hand the same way (see [`Field::new`]).

/// The `Slice` methods that a slice one step below its `parent` field passes up unchanged.
macro_rules! from_parent {
    () => {
        from_parent!(store);

        fn __recorded(&self) -> bool {
            self.parent.__recorded()
        }
    };
    (store) => {
        fn __store(&self) -> Option<$crate::ArcStore<Self::State>> {
            self.parent.__store()
        }

        fn __store_defined_at(&self) -> Option<&'static ::std::panic::Location<'static>> {
            self.parent.__store_defined_at()
        }
    };
    (rekeyed) => {
        fn __rekeyed(
            &self,
            state: &Self::State,
            tree: &::std::sync::Arc<$crate::tree::Node>,
            pins: &mut $crate::tree::Pins,
            rekeyed: &mut Vec<(::std::sync::Arc<$crate::tree::Node>, $crate::tree::Segment)>,
        ) -> Self {
            let mut this = self.clone();
            this.parent = self.parent.__rekeyed(state, tree, pins, rekeyed);
            this
        }
    };
}

/// The `Slice` methods that find a slice's node and place: its parent's child at `segment`.
macro_rules! child_node {
    (|$this:ident| $segment:expr) => {
        fn __place(&self, place: &mut $crate::edit::Place) {
            self.parent.__place(place);
            let $this = self;
            place.segments.push($segment);
        }

        fn __node(
            &self,
            tree: &::std::sync::Arc<$crate::tree::Node>,
        ) -> ::std::sync::Arc<$crate::tree::Node> {
            let $this = self;
            self.parent.__node(tree).child($segment)
        }

        fn __path_nodes(
            &self,
            tree: &::std::sync::Arc<$crate::tree::Node>,
            ancestor: &mut dyn FnMut(&$crate::tree::Node),
        ) -> ::std::sync::Arc<$crate::tree::Node> {
            let parent = self.parent.__path_nodes(tree, ancestor);
            ancestor(&parent);
            let $this = self;
            parent.child($segment)
        }
    };
}

pub(crate) mod diff;
mod field;
mod keyed;
pub(crate) mod leptos_traits;
mod map;
mod option;
pub(crate) mod put;
mod root;
mod vec;
pub(crate) mod write;

pub(crate) use crate::tree::{Node, Pins, Segment};
pub use field::{Field, FieldAt, FieldOf, FieldValue};
#[doc(hidden)]
pub use keyed::KeyedField;
pub use keyed::{KeyAt, KeyFn, Keyed, KeyedVec};
pub use map::{MapEntry, MapSlice};
pub use option::{OptionSlice, SomeValue};
pub use vec::{At, VecSlice};

use crate::{ArcStore, Patch, Path, StoreError};
use reactive_graph::wrappers::read::Signal;
use std::{borrow::Cow, panic::Location, sync::Arc};

/// A reactive, writable handle to one part of a store's state.
///
/// Stores are slices of their whole state; `#[derive(State)]` adds a method per field to
/// every slice whose value is the deriving type, so slices nest:
/// `store.user().address().city()`. Slices made from a [`Store`](crate::Store) are `Copy`
/// (those addressed by a key are `Copy` when the key is).
///
/// Reading and writing use Leptos' own traits, so slices work in effects, memos, `view!`
/// and component props like any signal:
///
/// | Trait | Does |
/// |---|---|
/// | [`Track`](reactive_graph::traits::Track) | subscribes to this part only |
/// | [`With`](reactive_graph::traits::With), [`Get`](reactive_graph::traits::Get) | read and track |
/// | [`WithUntracked`](reactive_graph::traits::WithUntracked), [`GetUntracked`](reactive_graph::traits::GetUntracked) | read without tracking |
/// | [`Update`](reactive_graph::traits::Update), [`Set`](reactive_graph::traits::Set) | write, through the middleware |
///
/// Leptos' write traits cannot return an error, so a write they make that the store does
/// not take (a middleware refused it, the item is gone) leaves the state as it was, is logged
/// as a warning, and makes `try_update` return `None`. [`checked_update`](Self::checked_update)
/// and [`checked_set`](Self::checked_set) return the [`StoreError`] instead.
///
/// The `#[doc(hidden)]` methods are how slices find their part of the state; they are not
/// part of the public API and other crates cannot implement this trait.
///
/// # Examples
///
/// ```
/// use leptos::prelude::*;
/// use leptos_state::{Slice, State, Store};
///
/// #[derive(State, Clone, PartialEq, Default)]
/// struct Profile {
///     name: String,
///     age: u32,
/// }
///
/// # let owner = Owner::new(); owner.set();
/// let store = Store::new(Profile::default());
/// let name = store.name();
/// name.set("Ada".to_string());
/// assert_eq!(store.name().get_untracked(), "Ada");
/// assert_eq!(name.path().to_string(), "name");
///
/// // `checked_*` writes return the store's error instead of logging it.
/// store.age().checked_update(|age| *age += 1).unwrap();
/// assert_eq!(store.age().get_untracked(), 1);
/// ```
pub trait Slice: Clone + Send + Sync + 'static {
    /// The type of the whole state of the store this slice belongs to.
    type State: Clone + Send + Sync + 'static;
    /// The type of the part of the state this slice points at.
    type Value: Send + Sync + 'static;

    #[doc(hidden)]
    fn __store(&self) -> Option<ArcStore<Self::State>>;

    #[doc(hidden)]
    fn __store_defined_at(&self) -> Option<&'static Location<'static>>;

    /// Whether undo history records writes through this slice: no field on its path is
    /// `#[state(history = false)]`.
    #[doc(hidden)]
    fn __recorded(&self) -> bool;

    /// This slice's node in the notification tree whose root is `tree`.
    #[doc(hidden)]
    fn __node(&self, tree: &Arc<Node>) -> Arc<Node>;

    /// Pushes the segments from the root of the state to this slice's place.
    #[doc(hidden)]
    fn __place(&self, place: &mut crate::edit::Place);

    /// Calls `ancestor` with each node from the root down to this slice's parent's, and
    /// returns this slice's own node.
    #[doc(hidden)]
    fn __path_nodes(&self, tree: &Arc<Node>, ancestor: &mut dyn FnMut(&Node)) -> Arc<Node>;

    #[doc(hidden)]
    fn __value<'a>(&self, state: &'a Self::State, tree: &Arc<Node>) -> Option<&'a Self::Value>;

    /// This slice's node and value, found in one walk down the path: a tracked read needs
    /// both, and a keyed row's node remembers where the row was last found.
    #[doc(hidden)]
    fn __locate<'a>(
        &self,
        state: &'a Self::State,
        tree: &Arc<Node>,
    ) -> (Arc<Node>, Option<&'a Self::Value>) {
        (self.__node(tree), self.__value(state, tree))
    }

    #[doc(hidden)]
    fn __value_mut<'a>(
        &self,
        state: &'a mut Self::State,
        tree: &Arc<Node>,
        pins: &mut Pins,
    ) -> Option<&'a mut Self::Value>;

    /// After a write through this slice, pushes the keyed collections on its path whose item
    /// got a different key, with the new key's segment: their shape changed. Returns this
    /// slice with those new keys, which reaches what the write wrote. `pins` replays the
    /// positions the write's lookup pinned.
    #[doc(hidden)]
    fn __rekeyed(
        &self,
        state: &Self::State,
        tree: &Arc<Node>,
        pins: &mut Pins,
        rekeyed: &mut Vec<(Arc<Node>, Segment)>,
    ) -> Self;

    /// Pushes the steps of this slice's path: field names, `[3]`, `[id=3]`.
    #[doc(hidden)]
    fn __push_steps(&self, steps: &mut Vec<Cow<'static, str>>);

    /// Where this slice points in the state, e.g. `todos[id=3].done`. Changes made through
    /// the slice carry this path, and are named after it.
    fn path(&self) -> Path {
        let mut steps = Vec::new();
        self.__push_steps(&mut steps);
        Path::from_steps(steps)
    }

    /// Changes this part of the state in place, named after the slice's path, and returns
    /// what `update` returns.
    ///
    /// # Errors
    ///
    /// [`StoreError::Refused`] when a middleware refuses the change, [`StoreError::Missing`]
    /// when the part is not there (a removed item), [`StoreError::Reentrant`] from inside
    /// another change to the store, and [`StoreError::Disposed`] after the store's owner was
    /// disposed. The state is unchanged in each case.
    #[track_caller]
    fn checked_update<R>(&self, update: impl FnOnce(&mut Self::Value) -> R) -> Result<R, StoreError>
    where
        Self::Value: Clone,
    {
        write::write(self, Location::caller(), None, |value| {
            write::Written::whole(update(value))
        })
    }

    /// A read-only signal of this part of the state, for component props that take a
    /// `Signal<T>`.
    ///
    /// # Panics
    ///
    /// Reading the signal panics, naming the slice's path, when its part of the state is not
    /// there (a removed item, a `None` option). For parts that may go away, pass the slice
    /// itself and read it with `try_get`.
    ///
    /// # Examples
    ///
    /// ```
    /// use leptos::prelude::*;
    /// use leptos_state::{Slice, Store, VecSlice};
    ///
    /// # let owner = Owner::new(); owner.set();
    /// let names = Store::new(vec!["Ada".to_string()]);
    /// let first: Signal<String> = names.at(0).into_signal();
    /// assert_eq!(first.get_untracked(), "Ada");
    /// ```
    #[track_caller]
    fn into_signal(self) -> Signal<Self::Value>
    where
        Self: Send + Sync,
        Self::Value: Clone + Send + Sync,
    {
        Signal::derive(move || {
            leptos_traits::with(&self, true, Self::Value::clone).unwrap_or_else(|| {
                panic!(
                    "the signal of slice `{}` was read when its part of the state is not there",
                    self.path()
                )
            })
        })
    }

    /// Replaces this part of the state with `new`, re-running only the readers of the parts
    /// that changed (compared with `PartialEq`), as the action `<path>.patch` (`patch` for a
    /// whole store).
    ///
    /// # Errors
    ///
    /// As for [`checked_update`](Self::checked_update).
    ///
    /// # Examples
    ///
    /// ```
    /// use leptos::prelude::*;
    /// use leptos_state::{Slice, State, Store};
    ///
    /// #[derive(State, Clone, PartialEq, Default)]
    /// struct Page {
    ///     title: String,
    ///     views: u32,
    /// }
    ///
    /// # let owner = Owner::new(); owner.set();
    /// let store = Store::new(Page::default());
    /// // Only readers of `views` re-run: `title` did not change.
    /// store.patch(Page { title: String::new(), views: 1 }).unwrap();
    /// assert_eq!(store.views().get_untracked(), 1);
    /// ```
    #[track_caller]
    fn patch(&self, new: Self::Value) -> Result<(), StoreError>
    where
        Self::Value: Patch + Clone,
    {
        write::write(self, Location::caller(), Some("patch"), |slot| {
            write::patch_edit(slot, new)
        })
    }

    /// Replaces this part of the state, named after the slice's path.
    ///
    /// # Errors
    ///
    /// As for [`checked_update`](Self::checked_update).
    #[track_caller]
    fn checked_set(&self, value: Self::Value) -> Result<(), StoreError>
    where
        Self::Value: Clone,
    {
        write::write(self, Location::caller(), None, |slot| {
            *slot = value;
            write::Written::whole(())
        })
    }
}
