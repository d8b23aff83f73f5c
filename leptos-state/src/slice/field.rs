//! [`Field`]: a slice of one field of a struct.

use super::write::{self, patch_edit};
use super::{Node, Pins, Segment, Slice, leptos_traits::leptos_traits};
use crate::{FieldInfo, Patch};
use std::{borrow::Cow, fmt, panic::Location, sync::Arc};

/// One field of the struct `S`, as a type: how a [`Field`] slice reads and writes it.
///
/// `#[derive(State)]` implements it on [`FieldAt<N>`] for the `N`th field of each struct;
/// implement it by hand to build slices without the derive (see [`Field`]). Keeping the
/// field's functions in a type, not in each slice, keeps slices small: a [`Field`] is its
/// parent slice and nothing more.
pub trait FieldOf<S>: 'static {
    /// The field's type.
    type Value: Send + Sync + 'static;

    /// The field's name, position and flags.
    const INFO: FieldInfo;

    /// The field in `of`.
    fn read(of: &S) -> &Self::Value;

    /// The field in `of`, to write.
    fn write(of: &mut S) -> &mut Self::Value;
}

/// The `N`th field of a struct: the type that [`FieldOf`] is implemented on.
#[derive(Debug, Clone, Copy, Default)]
pub struct FieldAt<const N: u32>;

/// The type of the field `N` of what the slice `P` points at.
pub type FieldValue<P, const N: u32> = <FieldAt<N> as FieldOf<<P as Slice>::Value>>::Value;

/// A slice of the `N`th field of the struct its parent slice points at.
///
/// `#[derive(State)]` makes these; writing the same by hand takes a [`FieldOf`]
/// implementation per field and a method that calls [`Field::new`]. The `persons` example
/// below is what the derive expands to.
///
/// # Examples
///
/// ```
/// use leptos::prelude::*;
/// use leptos_state::{Field, FieldAt, FieldInfo, FieldOf, Slice, Store};
///
/// #[derive(Clone, PartialEq, Default)]
/// struct Person {
///     name: String,
/// }
///
/// impl FieldOf<Person> for FieldAt<0> {
///     type Value = String;
///     const INFO: FieldInfo = FieldInfo::new("name", 0);
///     fn read(person: &Person) -> &String {
///         &person.name
///     }
///     fn write(person: &mut Person) -> &mut String {
///         &mut person.name
///     }
/// }
///
/// trait PersonSlices: Slice<Value = Person> {
///     fn name(&self) -> Field<Self, 0> {
///         Field::new(self.clone())
///     }
/// }
/// impl<L: Slice<Value = Person>> PersonSlices for L {}
///
/// # let owner = Owner::new(); owner.set();
/// let store = Store::new(Person::default());
/// store.name().set("Ada".into());
/// assert_eq!(store.with_untracked(|p| p.name.clone()), "Ada");
/// ```
pub struct Field<P, const N: u32> {
    parent: P,
}

impl<P: Slice, const N: u32> Field<P, N>
where
    FieldAt<N>: FieldOf<P::Value>,
{
    /// The slice of the field `N` of what `parent` points at.
    pub fn new(parent: P) -> Self {
        Field { parent }
    }

    /// The field's name.
    pub fn name(&self) -> &'static str {
        <FieldAt<N> as FieldOf<P::Value>>::INFO.name()
    }
}

impl<P: Slice, const N: u32> Field<P, N>
where
    FieldAt<N>: FieldOf<P::Value>,
    FieldValue<P, N>: Patch + Clone,
{
    /// Replaces the field's value like Leptos' `Set::set`, but re-runs only the readers of
    /// the parts that changed: the items of a `Vec`, the entries of a map, the fields of a
    /// `State` struct (see [`Slice::patch`]). A write the store does not take is logged as a
    /// warning; [`Slice::patch`] returns it instead.
    #[track_caller]
    pub fn set(&self, value: FieldValue<P, N>) {
        if let Err(error) = write::write(self, Location::caller(), None, |slot| {
            patch_edit(slot, value)
        }) {
            write::report(&error);
        }
    }
}

impl<P: Slice, const N: u32> Slice for Field<P, N>
where
    FieldAt<N>: FieldOf<P::Value>,
{
    type State = P::State;
    type Value = FieldValue<P, N>;

    from_parent!(store);
    child_node!(|_this| Segment::Field(N));

    fn __recorded(&self) -> bool {
        <FieldAt<N> as FieldOf<P::Value>>::INFO.history() && self.parent.__recorded()
    }

    fn __value<'a>(&self, state: &'a P::State, tree: &Arc<Node>) -> Option<&'a Self::Value> {
        self.parent
            .__value(state, tree)
            .map(<FieldAt<N> as FieldOf<P::Value>>::read)
    }

    fn __locate<'a>(
        &self,
        state: &'a P::State,
        tree: &Arc<Node>,
    ) -> (Arc<Node>, Option<&'a Self::Value>) {
        let (parent, value) = self.parent.__locate(state, tree);
        (
            parent.child(Segment::Field(N)),
            value.map(<FieldAt<N> as FieldOf<P::Value>>::read),
        )
    }

    fn __value_mut<'a>(
        &self,
        state: &'a mut P::State,
        tree: &Arc<Node>,
        pins: &mut Pins,
    ) -> Option<&'a mut Self::Value> {
        self.parent
            .__value_mut(state, tree, pins)
            .map(<FieldAt<N> as FieldOf<P::Value>>::write)
    }

    fn __rekeyed(
        &self,
        state: &P::State,
        tree: &Arc<Node>,
        pins: &mut Pins,
        rekeyed: &mut Vec<(Arc<Node>, Segment)>,
    ) -> Self {
        Field::new(self.parent.__rekeyed(state, tree, pins, rekeyed))
    }

    fn __push_steps(&self, steps: &mut Vec<Cow<'static, str>>) {
        self.parent.__push_steps(steps);
        steps.push(Cow::Borrowed(self.name()));
    }
}

impl<P: Clone, const N: u32> Clone for Field<P, N> {
    fn clone(&self) -> Self {
        Field {
            parent: self.parent.clone(),
        }
    }
}

impl<P: Copy, const N: u32> Copy for Field<P, N> {}

impl<P: Slice, const N: u32> fmt::Debug for Field<P, N>
where
    FieldAt<N>: FieldOf<P::Value>,
{
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Field")
            .field("path", &self.path().to_string())
            .finish_non_exhaustive()
    }
}

leptos_traits!([P: Slice, const N: u32] Field<P, N> => FieldValue<P, N> where [FieldAt<N>: FieldOf<P::Value>,]);
