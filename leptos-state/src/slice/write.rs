//! The one path every slice write takes into its store's commit.

use super::{
    Node, Pins, Slice,
    put::{Moved, Put},
};
use crate::{
    Origin, Patch, StoreError,
    edit::{Edit, Edits},
    state::Changes,
    store::{inner::Outcome, revert::Overwritten},
};
use std::{borrow::Cow, panic::Location, sync::Arc};

/// What a write through a slice did to the slice's value.
pub(crate) enum Written<R, N> {
    /// Nothing changed: no middleware runs, nobody is notified.
    Unchanged(R),
    /// The value changed; `notify` tells the readers at and below the slice's node (its
    /// ancestors are notified by the write itself).
    Changed { output: R, notify: N },
    /// A collection write named a position past the end; nothing changed.
    OutOfBounds { index: usize, len: usize },
    /// A keyed write named an item that is not there (`path` is where it would be);
    /// nothing changed.
    Missing { path: String },
}

/// Notifies every reader at and below a node: the value was rewritten in an unknown way.
pub(crate) fn notify_all(node: &Arc<Node>) {
    node.notify_all();
}

impl<R> Written<R, fn(&Arc<Node>)> {
    /// The value changed in a way only a full notification covers.
    pub(crate) fn whole(output: R) -> Self {
        Written::Changed {
            output,
            notify: notify_all,
        }
    }
}

/// Where a collection write puts the edits that undo it, when the store asked for them (to
/// put back a refused write, for undo history, for optimistic replays).
pub(crate) struct Undoing<'a, S> {
    edits: Option<&'a mut Edits<S>>,
}

impl<S: 'static> Undoing<'_, S> {
    /// Whether the edits are wanted: only then is it worth copying what the write removes.
    pub(crate) fn wanted(&self) -> bool {
        self.edits.is_some()
    }

    /// Adds an edit, made only when wanted. Edits are applied in the order they are added.
    pub(crate) fn push(&mut self, edit: impl FnOnce() -> Box<dyn Edit<S>>) {
        if let Some(edits) = &mut self.edits {
            edits.push(edit());
        }
    }

    /// Adds the edits `make` pushes, called only when wanted.
    pub(crate) fn append(&mut self, make: impl FnOnce(&mut Edits<S>)) {
        if let Some(edits) = &mut self.edits {
            make(edits);
        }
    }
}

/// Writes through `slice` as application code, named after its path and, for collection
/// writes, the operation: `todos.push`. What the write overwrote is kept, when asked for,
/// as the slice and its previous value.
pub(crate) fn write<L, R, N>(
    slice: &L,
    location: &'static Location<'static>,
    op: Option<&str>,
    edit: impl FnOnce(&mut L::Value) -> Written<R, N>,
) -> Result<R, StoreError>
where
    L: Slice,
    L::Value: Clone,
    N: FnOnce(&Arc<Node>),
{
    write_inner(
        slice,
        location,
        Origin::User,
        op,
        Keeps::Value,
        |slot, _| edit(slot),
    )
}

/// Writes a collection operation through `slice` as application code. The operation says
/// how to undo itself (a row removed by key for a push, ...), so that what it overwrote is
/// kept without copying the collection.
pub(crate) fn write_collection<L, R, N>(
    slice: &L,
    location: &'static Location<'static>,
    op: Option<&str>,
    edit: impl FnOnce(&mut L::Value, &mut Undoing<'_, L::State>) -> Written<R, N>,
) -> Result<R, StoreError>
where
    L: Slice,
    L::Value: Clone,
    N: FnOnce(&Arc<Node>),
{
    write_inner(slice, location, Origin::User, op, Keeps::Edits, edit)
}

/// How a write keeps what it overwrote.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Keeps {
    /// The slice's previous value.
    Value,
    /// The edits the write gives.
    Edits,
}

fn write_inner<L, R, N>(
    slice: &L,
    location: &'static Location<'static>,
    origin: Origin,
    op: Option<&str>,
    keeps: Keeps,
    edit: impl FnOnce(&mut L::Value, &mut Undoing<'_, L::State>) -> Written<R, N>,
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
                store: inner.name().to_string(),
                action,
                path: path.to_string(),
            });
        };
        let previous = (keep.previous && keeps == Keeps::Value).then(|| slot.clone());
        let mut undo_edits = Edits::new();
        let mut undoing = Undoing {
            edits: (keep.previous && keeps == Keeps::Edits).then_some(&mut undo_edits),
        };
        match edit(slot, &mut undoing) {
            Written::Unchanged(output) => Ok(Outcome::Unchanged(output)),
            Written::OutOfBounds { index, len } => {
                let (action, path) = describe();
                Err(StoreError::OutOfBounds {
                    store: inner.name().to_string(),
                    action,
                    path: path.to_string(),
                    index,
                    len,
                })
            }
            Written::Missing { path } => Err(StoreError::Missing {
                store: inner.name().to_string(),
                action: describe().0,
                path,
            }),
            Written::Changed { output, notify } => {
                // A write below a keyed item may have changed the item's key, and with it
                // the shape of the item's collection.
                let mut rekeyed = Vec::new();
                pins.start_replay();
                // The slice that reaches what was written: the same one, unless a key changed.
                let written = slice.__rekeyed(state, tree, &mut pins, &mut rekeyed);
                let revert = keep.previous.then(|| {
                    if let Some(value) = previous {
                        let put: Box<dyn Edit<L::State>> = if rekeyed.is_empty() {
                            Box::new(Put::new(written, value))
                        } else {
                            Box::new(Put {
                                slice: written,
                                value,
                                lands: Moved(slice.clone()),
                            })
                        };
                        undo_edits.push(put);
                    }
                    Overwritten::edits(undo_edits)
                });
                Ok(Outcome::Wrote {
                    output,
                    revert,
                    notify: |tree: &Arc<Node>| {
                        let own = slice.__path_nodes(tree, &mut Node::notify_this);
                        notify(&own);
                        for (collection, arrived) in rekeyed {
                            collection.notify_shape();
                            collection.notify_children_at(&[arrived]);
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
) -> Written<(), impl FnOnce(&Arc<Node>) + use<T>> {
    let mut changes = Changes::default();
    if slot.patch(new, &mut changes) {
        Written::Changed {
            output: (),
            notify: move |node: &Arc<Node>| changes.notify(node),
        }
    } else {
        Written::Unchanged(())
    }
}
