//! Stores are slices of their whole state, so that derived slice methods work on them too.

use super::{Node, Pins, Segment, Slice};
use crate::{ArcStore, Store};
use std::{borrow::Cow, panic::Location, sync::Arc};

/// Implements `Slice` for a store type: the whole state, at the root of the tree.
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

            fn __node(&self, tree: &Arc<Node>) -> Arc<Node> {
                Arc::clone(tree)
            }

            fn __path_nodes(&self, tree: &Arc<Node>, _: &mut dyn FnMut(&Node)) -> Arc<Node> {
                Arc::clone(tree)
            }

            fn __value<'a>(&self, state: &'a S, _: &Arc<Node>) -> Option<&'a S> {
                Some(state)
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
