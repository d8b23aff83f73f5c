//! The one path every slice write takes into its store's commit.

use super::{
    Node, Pins, Slice,
    overwritten::{FoundBefore, OperationOf, Same, SlotOf},
};
use crate::{
    Origin, Patch, StoreError,
    state::Changes,
    store::{
        inner::Outcome,
        revert::{Operation, Overwritten, Previous, Revert, SlotValue},
    },
};
use std::{borrow::Cow, panic::Location, sync::Arc};

/// What a write through a slice did to the slice's value.
pub(crate) enum Edit<R, N> {
    /// Nothing changed: no middleware runs, nobody is notified.
    Unchanged(R),
    /// The value changed; `notify` tells the readers at and below the slice's node (its
    /// ancestors are notified by the write itself).
    Changed { output: R, notify: N },
    /// A collection write named a position past the end; nothing changed.
    OutOfBounds { index: usize, len: usize },
}

/// Notifies every reader at and below a node: the value was rewritten in an unknown way.
pub(crate) fn notify_all(node: &Arc<Node>) {
    node.notify_all();
}

impl<R> Edit<R, fn(&Arc<Node>)> {
    /// The value changed in a way only a full notification covers.
    pub(crate) fn whole(output: R) -> Self {
        Edit::Changed {
            output,
            notify: notify_all,
        }
    }
}

/// Writes through `slice` as application code, named after its path and, for collection
/// writes, the operation: `todos.push`.
pub(crate) fn write<L, R, N>(
    slice: &L,
    location: &'static Location<'static>,
    op: Option<&str>,
    edit: impl FnOnce(&mut L::Value) -> Edit<R, N>,
) -> Result<R, StoreError>
where
    L: Slice,
    L::Value: Clone,
    N: FnOnce(&Arc<Node>),
{
    write_from(slice, location, Origin::User, op, edit)
}

/// Writes through `slice` as a change from `origin`.
pub(crate) fn write_from<L, R, N>(
    slice: &L,
    location: &'static Location<'static>,
    origin: Origin,
    op: Option<&str>,
    edit: impl FnOnce(&mut L::Value) -> Edit<R, N>,
) -> Result<R, StoreError>
where
    L: Slice,
    L::Value: Clone,
    N: FnOnce(&Arc<Node>),
{
    write_inner(
        slice,
        location,
        origin,
        op,
        None::<fn(&L::Value) -> Replay<L::Value>>,
        edit,
    )
}

/// A collection operation, re-applied to another copy of the collection.
pub(crate) type Replay<V> = Box<dyn Fn(&mut V) + Send + Sync>;

/// The replay of a `push`, given the list after it: push the same item again.
#[allow(
    clippy::ptr_arg,
    reason = "replay factories take the slice's value, here a `Vec`"
)]
pub(crate) fn replay_push<T: Clone + Send + Sync + 'static>(items: &Vec<T>) -> Replay<Vec<T>> {
    let item = items.last().cloned();
    Box::new(move |items| items.extend(item.iter().cloned()))
}

/// Writes a collection operation through `slice` as application code. When an add-on asks
/// for operations (the optimistic ledger, while changes are pending), `replay` (given the
/// collection after the write) describes the operation, so that it can be replayed on
/// another copy of the state instead of the collection it left.
pub(crate) fn write_operation<L, R, N>(
    slice: &L,
    location: &'static Location<'static>,
    op: &str,
    replay: impl FnOnce(&L::Value) -> Replay<L::Value>,
    edit: impl FnOnce(&mut L::Value) -> Edit<R, N>,
) -> Result<R, StoreError>
where
    L: Slice,
    L::Value: Clone,
    N: FnOnce(&Arc<Node>),
{
    write_inner(slice, location, Origin::User, Some(op), Some(replay), edit)
}

fn write_inner<L, R, N>(
    slice: &L,
    location: &'static Location<'static>,
    origin: Origin,
    op: Option<&str>,
    replay: Option<impl FnOnce(&L::Value) -> Replay<L::Value>>,
    edit: impl FnOnce(&mut L::Value) -> Edit<R, N>,
) -> Result<R, StoreError>
where
    L: Slice,
    L::Value: Clone,
    N: FnOnce(&Arc<Node>),
{
    let describe = || {
        let path = slice.path();
        let action = match op {
            Some(op) if path.is_root() => op.to_string(),
            Some(op) => format!("{path}.{op}"),
            None => path.to_string(),
        };
        (Cow::Owned(action), path)
    };
    let Some(store) = slice.__store() else {
        return Err(StoreError::Disposed {
            type_name: std::any::type_name::<L::State>(),
            action: describe().0,
            defined_at: slice.__store_defined_at(),
        });
    };
    let inner = &store.inner;
    inner.commit(describe, origin, location, |state, tree, keep| {
        let mut pins = Pins::default();
        let Some(slot) = slice.__value_mut(state, tree, &mut pins) else {
            let (action, path) = describe();
            return Err(StoreError::Missing {
                store: inner.name.to_string(),
                action,
                path: path.to_string(),
            });
        };
        let previous = keep.previous.then(|| slot.clone());
        match edit(slot) {
            Edit::Unchanged(output) => Ok(Outcome::Unchanged(output)),
            Edit::OutOfBounds { index, len } => {
                let (action, path) = describe();
                Err(StoreError::OutOfBounds {
                    store: inner.name.to_string(),
                    action,
                    path: path.to_string(),
                    index,
                    len,
                })
            }
            Edit::Changed { output, notify } => {
                let operation = replay.filter(|_| keep.operation).map(|replay| {
                    Arc::new(OperationOf {
                        slice: slice.clone(),
                        replay: replay(slot),
                    }) as Arc<dyn Operation<L::State>>
                });
                // A write below a keyed item may have changed the item's key, and with it
                // the shape of the item's collection.
                let mut rekeyed = Vec::new();
                pins.start_replay();
                // The slice that reaches what was written: the same one, unless a key changed.
                let written = slice.__rekeyed(state, tree, &mut pins, &mut rekeyed);
                let revert = previous.map(|value| {
                    let slot: Box<dyn SlotValue<L::State>> = if rekeyed.is_empty() {
                        Box::new(SlotOf {
                            slice: written,
                            value,
                            found: Same,
                        })
                    } else {
                        Box::new(SlotOf {
                            slice: written,
                            value,
                            found: FoundBefore(slice.clone()),
                        })
                    };
                    Revert {
                        overwritten: Overwritten {
                            previous: Previous::Slot(slot),
                            operation,
                        },
                        pins,
                    }
                });
                Ok(Outcome::Wrote {
                    output,
                    revert,
                    notify: |tree: &Arc<Node>| {
                        let own = slice.__path_nodes(tree, &mut Node::notify_this);
                        notify(&own);
                        for (collection, arrived) in rekeyed {
                            collection.notify_shape();
                            collection.notify_children(|segment| *segment == arrived);
                        }
                    },
                })
            }
        }
    })
}

/// Reports a write made through Leptos' `Update`/`Set`, which cannot return the error.
pub(crate) fn report(error: &StoreError) {
    #[cfg(target_arch = "wasm32")]
    web_sys::console::warn_1(&error.to_string().into());
    #[cfg(not(target_arch = "wasm32"))]
    log::warn!(target: "leptos_state", "{error}");
}

/// Replaces `slot` with `new` part by part, notifying only the parts that changed.
pub(crate) fn patch_edit<T: Patch>(
    slot: &mut T,
    new: T,
) -> Edit<(), impl FnOnce(&Arc<Node>) + use<T>> {
    let mut changes = Changes::default();
    if slot.patch(new, &mut changes) {
        Edit::Changed {
            output: (),
            notify: move |node: &Arc<Node>| changes.notify(node),
        }
    } else {
        Edit::Unchanged(())
    }
}
