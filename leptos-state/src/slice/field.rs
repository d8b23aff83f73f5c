//! [`Field`]: a slice of one field of a struct.

use super::write::{self, patch_edit};
use super::{Node, Pins, Slice, leptos_traits::leptos_traits, node::Segment};
use crate::Patch;
use reactive_graph::{traits::With, wrappers::read::Signal};
use std::{borrow::Cow, fmt, panic::Location, sync::Arc};

/// A slice of one field of the struct its parent slice points at.
///
/// `#[derive(State)]` makes these; writing the same by hand takes a method per field that
/// calls [`Field::new`]. The `persons` example below is exactly what the derive expands to,
/// less the metadata.
///
/// # Examples
///
/// ```
/// use leptos::prelude::*;
/// use leptos_state::{Field, Slice, Store};
///
/// #[derive(Clone, PartialEq, Default)]
/// struct Person {
///     name: String,
/// }
///
/// trait PersonSlices: Slice<Value = Person> + Copy {
///     fn name(self) -> Field<Self, String> {
///         Field::new(self, 0, "name", |p| &p.name, |p| &mut p.name)
///     }
/// }
/// impl<L: Slice<Value = Person> + Copy> PersonSlices for L {}
///
/// # let owner = Owner::new(); owner.set();
/// let store = Store::new(Person::default());
/// store.name().set("Ada".into());
/// assert_eq!(store.with_untracked(|p| p.name.clone()), "Ada");
/// ```
pub struct Field<P: Slice, T> {
    parent: P,
    index: u32,
    name: &'static str,
    recorded: bool,
    read: fn(&P::Value) -> &T,
    write: fn(&mut P::Value) -> &mut T,
}

impl<P: Slice, T> Field<P, T> {
    /// The slice of the field `name`, the `index`th of its struct, of what `parent` points at.
    ///
    /// `index` tells fields apart in the notification tree, so each field of a struct needs
    /// its own; `name` is how changes and the devtools name the field.
    pub fn new(
        parent: P,
        index: u32,
        name: &'static str,
        read: fn(&P::Value) -> &T,
        write: fn(&mut P::Value) -> &mut T,
    ) -> Self {
        Field {
            parent,
            index,
            name,
            recorded: true,
            read,
            write,
        }
    }

    /// The same slice, for a field whose writes undo history neither records nor rewrites:
    /// what `#[state(history = false)]` generates.
    pub fn without_history(self) -> Self {
        Field {
            recorded: false,
            ..self
        }
    }

    /// The field's name.
    pub fn name(&self) -> &'static str {
        self.name
    }
}

impl<P: Slice, T: Patch + Clone + Send + Sync + 'static> Field<P, T> {
    /// Replaces the field's value like Leptos' `Set::set`, but re-runs only the readers of
    /// the parts that changed: the items of a `Vec`, the entries of a map, the fields of a
    /// `State` struct (see [`Slice::patch`]). A write the store does not take is logged as a
    /// warning; [`Slice::patch`] returns it instead.
    #[track_caller]
    pub fn set(&self, value: T) {
        if let Err(error) = write::write(self, Location::caller(), None, |slot| {
            patch_edit(slot, value)
        }) {
            write::report(&error);
        }
    }
}

impl<P: Slice, T: Send + Sync + 'static> Slice for Field<P, T> {
    type State = P::State;
    type Value = T;

    from_parent!(store);
    from_parent!(rekeyed);

    fn __recorded(&self) -> bool {
        self.recorded && self.parent.__recorded()
    }
    child_node!(|this| Segment::Field(this.index));

    fn __value<'a>(&self, state: &'a P::State, tree: &Arc<Node>) -> Option<&'a T> {
        self.parent.__value(state, tree).map(self.read)
    }

    fn __value_mut<'a>(
        &self,
        state: &'a mut P::State,
        tree: &Arc<Node>,
        pins: &mut Pins,
    ) -> Option<&'a mut T> {
        self.parent.__value_mut(state, tree, pins).map(self.write)
    }

    fn __push_steps(&self, steps: &mut Vec<Cow<'static, str>>) {
        self.parent.__push_steps(steps);
        steps.push(Cow::Borrowed(self.name));
    }
}

impl<P: Slice, T> Clone for Field<P, T> {
    fn clone(&self) -> Self {
        Field {
            parent: self.parent.clone(),
            ..*self
        }
    }
}

impl<P: Slice + Copy, T> Copy for Field<P, T> {}

impl<P: Slice, T: Send + Sync + 'static> fmt::Debug for Field<P, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Field")
            .field("path", &self.path().to_string())
            .finish_non_exhaustive()
    }
}

leptos_traits!([P: Slice, T: Send + Sync + 'static] Field<P, T> => T where []);

/// A read-only signal of the field, for `#[prop(into)] value: Signal<T>` props. Reading it
/// panics when the field is not there (inside a removed item); see [`Slice::into_signal`].
impl<P, T> From<Field<P, T>> for Signal<T>
where
    P: Slice + Send + Sync,
    T: Clone + Send + Sync + 'static,
{
    #[track_caller]
    fn from(field: Field<P, T>) -> Self {
        Signal::derive(move || field.with(T::clone))
    }
}

impl<P, K, V, H> Field<P, std::collections::HashMap<K, V, H>>
where
    P: Slice,
    K: std::hash::Hash + Eq + Clone + fmt::Debug + Send + Sync + 'static,
    V: Send + Sync + 'static,
    H: std::hash::BuildHasher + Send + Sync + 'static,
{
    /// The slice of the entry at `key`, as [`MapSlice::entry`](crate::MapSlice::entry).
    ///
    /// This shadows Leptos' `Get::get` on map fields; read the whole map with `with`, or with
    /// `Get::get(&slice)`.
    pub fn get(&self, key: K) -> crate::MapEntry<Self, K> {
        crate::MapSlice::entry(self, key)
    }
}

impl<P, K, V> Field<P, std::collections::BTreeMap<K, V>>
where
    P: Slice,
    K: Ord + std::hash::Hash + Eq + Clone + fmt::Debug + Send + Sync + 'static,
    V: Send + Sync + 'static,
{
    /// The slice of the entry at `key`, as [`MapSlice::entry`](crate::MapSlice::entry).
    ///
    /// This shadows Leptos' `Get::get` on map fields; read the whole map with `with`, or with
    /// `Get::get(&slice)`.
    pub fn get(&self, key: K) -> crate::MapEntry<Self, K> {
        crate::MapSlice::entry(self, key)
    }
}
