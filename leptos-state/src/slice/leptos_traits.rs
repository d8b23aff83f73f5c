//! Leptos' reactive traits for every slice type, and the reads they share.

use super::{Slice, write};
use crate::busy;
use crate::sync;

/// Reads a slice's value, tracking its node first when `track` is set. `None` when the store
/// is disposed or the slice's part of the state is not there.
pub(crate) fn with<L: Slice, U>(
    slice: &L,
    track: bool,
    read: impl FnOnce(&L::Value) -> U,
) -> Option<U> {
    let store = slice.__store()?;
    let inner = &store.inner;
    if busy::is_busy(inner.key()) {
        panic!(
            "slice `{}` of store `{}` was read while the store was applying a change (from \
             inside its update closure or a middleware hook); use the value the closure or hook \
             receives",
            slice.path(),
            inner.name()
        );
    }
    let state = sync::read(&inner.value);
    if track {
        let (node, value) = slice.__locate(&state, &inner.tree);
        node.track();
        return value.map(read);
    }
    slice.__value(&state, &inner.tree).map(read)
}

/// Subscribes the running effect or memo to a slice's node, without reading its value.
pub(crate) fn track<L: Slice>(slice: &L) {
    if let Some(store) = slice.__store() {
        slice.__node(&store.inner.tree).track();
    }
}

/// Implements Leptos' reactive traits for a slice type, with the given generics and bounds.
macro_rules! leptos_traits {
    ([$($generics:tt)*] $slice:ty => $value:ty where [$($bounds:tt)*]) => {
        impl<$($generics)*> ::reactive_graph::traits::DefinedAt for $slice where $($bounds)* {
            fn defined_at(&self) -> Option<&'static ::std::panic::Location<'static>> {
                $crate::Slice::__store_defined_at(self)
            }
        }

        impl<$($generics)*> ::reactive_graph::traits::IsDisposed for $slice where $($bounds)* {
            fn is_disposed(&self) -> bool {
                $crate::Slice::__store(self).is_none()
            }
        }

        impl<$($generics)*> ::reactive_graph::traits::Track for $slice where $($bounds)* {
            #[track_caller]
            fn track(&self) {
                $crate::slice::leptos_traits::track(self);
            }
        }

        impl<$($generics)*> ::reactive_graph::traits::WithUntracked for $slice
        where
            $($bounds)*
        {
            type Value = $value;

            #[track_caller]
            fn try_with_untracked<U>(
                &self,
                fun: impl FnOnce(&$value) -> U,
            ) -> Option<U> {
                $crate::slice::leptos_traits::with(self, false, fun)
            }
        }

        impl<$($generics)*> ::reactive_graph::traits::With for $slice where $($bounds)* {
            type Value = $value;

            #[track_caller]
            fn try_with<U>(
                &self,
                fun: impl FnOnce(&$value) -> U,
            ) -> Option<U> {
                $crate::slice::leptos_traits::with(self, true, fun)
            }
        }

        impl<$($generics)*> ::reactive_graph::traits::Update for $slice
        where
            $($bounds)*
            $value: Clone,
        {
            type Value = $value;

            #[track_caller]
            fn try_maybe_update<U>(
                &self,
                fun: impl FnOnce(&mut $value) -> (bool, U),
            ) -> Option<U> {
                $crate::slice::leptos_traits::update(self, ::std::panic::Location::caller(), fun)
            }
        }

        // `bind:value=slice` and `bind:checked=slice`: the slice reads and writes itself.
        impl<$($generics)*> ::tachys::reactive_graph::bind::IntoSplitSignal for $slice
        where
            $($bounds)*
            $value: Clone,
        {
            type Value = $value;
            type Read = Self;
            type Write = Self;

            fn into_split_signal(self) -> (Self, Self) {
                (self.clone(), self)
            }
        }

    };
}
pub(crate) use leptos_traits;

/// A write through Leptos' `Update`: `None`, and a logged warning, when the store did not take
/// it.
pub(crate) fn update<L, U>(
    slice: &L,
    location: &'static std::panic::Location<'static>,
    fun: impl FnOnce(&mut L::Value) -> (bool, U),
) -> Option<U>
where
    L: Slice,
    L::Value: Clone,
{
    let written = write::write(slice, location, None, |value| match fun(value) {
        (true, output) => write::Written::whole(output),
        (false, output) => write::Written::Unchanged(output),
    });
    match written {
        Ok(output) => Some(output),
        Err(error) => {
            write::report(&error);
            None
        }
    }
}
