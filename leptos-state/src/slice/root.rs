//! Stores are slices of their whole state, so that derived slice methods work on them too;
//! and [`Root`], the whole state of no store, from which diffs and replays reach places.

use super::{Node, Pins, Segment, Slice};
use crate::{ArcStore, Store, edit::Place};
use std::{borrow::Cow, marker::PhantomData, panic::Location, sync::Arc};

/// The whole state, in no store: the root of the slices in the edits a diff makes, which
/// are written into whatever state they are given (a store's, under its lock, or a copy).
pub(crate) struct Root<S>(PhantomData<fn() -> S>);

impl<S> Root<S> {
    pub(crate) fn new() -> Self {
        Root(PhantomData)
    }
}

impl<S> Clone for Root<S> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<S> Copy for Root<S> {}

/// Implements `Slice` for a type that reaches the whole state, at the root of the tree.
macro_rules! whole_state {
    ($store:ident, |$this:ident| $arc:expr, $defined_at:expr) => {
        impl<S: Clone + Send + Sync + 'static> Slice for $store<S> {
            type State = S;
            type Value = S;

            fn __store(&self) -> Option<ArcStore<S>> {
                let $this = self;
                $arc
            }

            fn __store_defined_at(&self) -> Option<&'static Location<'static>> {
                let $this = self;
                $defined_at
            }

            fn __recorded(&self) -> bool {
                true
            }

            fn __place(&self, _: &mut Place) {}

            fn __node(&self, tree: &Arc<Node>) -> Arc<Node> {
                Arc::clone(tree)
            }

            fn __path_nodes(&self, tree: &Arc<Node>, _: &mut dyn FnMut(&Node)) -> Arc<Node> {
                Arc::clone(tree)
            }

            fn __value<'a>(&self, state: &'a S, _: &Arc<Node>) -> Option<&'a S> {
                Some(state)
            }

            fn __locate<'a>(&self, state: &'a S, tree: &Arc<Node>) -> (Arc<Node>, Option<&'a S>) {
                (Arc::clone(tree), Some(state))
            }

            fn __value_mut<'a>(
                &self,
                state: &'a mut S,
                _: &Arc<Node>,
                _: &mut Pins,
            ) -> Option<&'a mut S> {
                Some(state)
            }

            fn __rekeyed(
                &self,
                _: &S,
                _: &Arc<Node>,
                _: &mut Pins,
                _: &mut Vec<(Arc<Node>, Segment)>,
            ) -> Self {
                self.clone()
            }

            fn __push_steps(&self, _: &mut Vec<Cow<'static, str>>) {}
        }
    };
}

whole_state!(
    ArcStore,
    |store| Some(store.clone()),
    Some(store.inner.defined_at)
);
whole_state!(Store, |store| store.try_arc(), store.created_at());
whole_state!(Root, |_root| None, None);
