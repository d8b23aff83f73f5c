//! Slices of `Option` fields: [`OptionSlice`] and [`SomeValue`], the slice of the inner value.

use super::{Node, Pins, Slice, leptos_traits::leptos_traits};
use std::{borrow::Cow, fmt, sync::Arc};

/// The slice of the value inside an `Option`, when there is one.
///
/// # Examples
///
/// ```
/// use leptos::prelude::*;
/// use leptos_state::{OptionSlice, State, Store};
///
/// #[derive(State, Clone, PartialEq, Default)]
/// struct Account {
///     nickname: Option<String>,
/// }
///
/// # let owner = Owner::new(); owner.set();
/// let store = Store::new(Account::default());
/// let nickname = store.nickname().some();
/// assert_eq!(nickname.try_get_untracked(), None);
/// store.nickname().set(Some("ada".into()));
/// nickname.update(|n| n.make_ascii_uppercase());
/// assert_eq!(nickname.get_untracked(), "ADA");
/// ```
pub trait OptionSlice<T>: Slice<Value = Option<T>> {
    /// The slice of the inner value. It reads as absent (`try_get` returns `None`) while the
    /// option is `None`, and a write to it then returns [`StoreError::Missing`](crate::StoreError::Missing).
    fn some(&self) -> SomeValue<Self> {
        SomeValue {
            parent: self.clone(),
        }
    }
}

impl<T: Send + Sync + 'static, L: Slice<Value = Option<T>>> OptionSlice<T> for L {}

/// The slice of the value inside an `Option`. Made by [`OptionSlice::some`].
///
/// It shares its node with the option: its readers re-run whenever the option changes,
/// including when it becomes `None`.
pub struct SomeValue<P> {
    parent: P,
}

impl<T: Send + Sync + 'static, P: Slice<Value = Option<T>>> Slice for SomeValue<P> {
    type State = P::State;
    type Value = T;

    from_parent!();
    from_parent!(rekeyed);

    fn __place(&self, place: &mut crate::edit::Place) {
        self.parent.__place(place);
    }

    fn __node(&self, tree: &Arc<Node>) -> Arc<Node> {
        self.parent.__node(tree)
    }

    fn __path_nodes(&self, tree: &Arc<Node>, ancestor: &mut dyn FnMut(&Node)) -> Arc<Node> {
        self.parent.__path_nodes(tree, ancestor)
    }

    fn __value<'a>(&self, state: &'a P::State, tree: &Arc<Node>) -> Option<&'a T> {
        self.parent.__value(state, tree)?.as_ref()
    }

    fn __value_mut<'a>(
        &self,
        state: &'a mut P::State,
        tree: &Arc<Node>,
        pins: &mut Pins,
    ) -> Option<&'a mut T> {
        self.parent.__value_mut(state, tree, pins)?.as_mut()
    }

    fn __push_steps(&self, steps: &mut Vec<Cow<'static, str>>) {
        self.parent.__push_steps(steps);
    }
}

impl<P: Clone> Clone for SomeValue<P> {
    fn clone(&self) -> Self {
        SomeValue {
            parent: self.parent.clone(),
        }
    }
}

impl<P: Copy> Copy for SomeValue<P> {}

impl<T: Send + Sync + 'static, P: Slice<Value = Option<T>>> fmt::Debug for SomeValue<P> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SomeValue")
            .field("path", &self.path().to_string())
            .finish_non_exhaustive()
    }
}

leptos_traits!([T: Send + Sync + 'static, P: Slice<Value = Option<T>>] SomeValue<P> => T where []);
