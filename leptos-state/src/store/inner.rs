//! The shared part of a store: its value, its notification tree, its middleware and subscribers, and the
//! one commit path every write takes.

use super::busy::Busy;
use crate::{
    Change, Middleware, Origin, Path, StoreError,
    middleware::{self, Chain},
    slice::Node,
};
use std::{
    borrow::Cow,
    panic::Location,
    sync::{
        Arc, PoisonError, RwLock,
        atomic::{AtomicU64, Ordering},
    },
};

pub(crate) type Listener = Arc<dyn Fn(&Change<'_>) + Send + Sync>;

/// What a whole-state edit did.
pub(crate) enum Edited<S> {
    /// Nothing was written.
    Nothing,
    /// The state was written; holds the previous state when the commit asked to keep it.
    Wrote(Option<S>),
}

/// What an edit did to the state.
pub(crate) enum Outcome<R, U, N> {
    /// Nothing was written.
    Unchanged(R),
    /// The state was written.
    Wrote {
        output: R,
        /// Puts the state back as it was, if the commit asked for that to be possible.
        undo: Option<U>,
        /// Notifies the readers of what was written, once the store is unlocked.
        notify: N,
    },
}

pub(crate) struct StoreInner<S> {
    pub(crate) value: Arc<RwLock<S>>,
    pub(crate) initial: S,
    /// The root of the notification tree: readers of the whole state and of every slice.
    pub(crate) tree: Arc<Node>,
    pub(crate) name: Cow<'static, str>,
    pub(crate) defined_at: &'static Location<'static>,
    middleware: RwLock<Chain<S>>,
    listeners: crate::subscription::Callbacks<Listener>,
    next_listener: AtomicU64,
    #[cfg(feature = "devtools")]
    _registration: crate::devtools::Registration,
}

impl<S: Clone + Send + Sync + 'static> StoreInner<S> {
    pub(crate) fn new(
        name: Cow<'static, str>,
        initial: S,
        defined_at: &'static Location<'static>,
    ) -> Self {
        StoreInner {
            value: Arc::new(RwLock::new(initial.clone())),
            initial,
            tree: Node::new(),
            #[cfg(feature = "devtools")]
            _registration: crate::devtools::Registration::new(
                name.to_string(),
                std::any::type_name::<S>(),
            ),
            name,
            defined_at,
            middleware: RwLock::new(Arc::new([])),
            listeners: RwLock::new(Arc::new([])),
            next_listener: AtomicU64::new(0),
        }
    }

    /// Applies one change: edit the value, let middleware refuse it or see it, notify readers,
    /// then call subscribers.
    ///
    /// `describe` names the change (its action and the path it touches); it is called only
    /// when someone will see the name. `edit` gets the state, the notification tree, and
    /// whether it must be able to undo the write (only when middleware could refuse it).
    pub(crate) fn commit<R, U, N>(
        &self,
        describe: impl FnOnce() -> (Cow<'static, str>, Path),
        origin: Origin,
        location: &'static Location<'static>,
        edit: impl FnOnce(&mut S, &Arc<Node>, bool) -> Result<Outcome<R, U, N>, StoreError>,
    ) -> Result<R, StoreError>
    where
        U: FnOnce(&mut S),
        N: FnOnce(&Arc<Node>),
    {
        let Some(busy) = Busy::enter(self.key()) else {
            return Err(StoreError::Reentrant {
                store: self.name.to_string(),
                action: describe().0,
            });
        };
        let chain = self
            .middleware
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .clone();
        let listeners = self
            .listeners
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .clone();
        let keep_previous = !chain.is_empty();

        let mut state = self.value.write().unwrap_or_else(PoisonError::into_inner);
        let (output, undo, notify) = match edit(&mut state, &self.tree, keep_previous)? {
            Outcome::Unchanged(output) => return Ok(output),
            Outcome::Wrote {
                output,
                undo,
                notify,
            } => (output, undo, notify),
        };
        self.tree.count_write();
        let described = (keep_previous || !listeners.is_empty()).then(describe);
        let change = described.as_ref().map(|(action, touched)| Change {
            store: &self.name,
            action,
            origin,
            touched: std::slice::from_ref(touched),
            location,
        });
        if let (Some(change), Some((action, _)), true) = (change, &described, keep_previous) {
            if let Err((by, refusal)) = middleware::run_before(&chain, &change, &state) {
                if let Some(undo) = undo {
                    undo(&mut state);
                }
                return Err(StoreError::Refused {
                    store: self.name.to_string(),
                    action: action.clone(),
                    middleware: by,
                    reason: refusal.into_reason(),
                });
            }
            middleware::run_after(&chain, &change, &state);
        }
        drop(state);
        drop(busy);

        notify(&self.tree);
        if let Some(change) = change {
            for (_, listener) in listeners.iter() {
                listener(&change);
            }
        }
        Ok(output)
    }

    /// Applies a change to the whole state, which notifies every reader.
    pub(crate) fn commit_whole<R>(
        &self,
        action: Cow<'static, str>,
        location: &'static Location<'static>,
        edit: impl FnOnce(&mut S, bool) -> (R, Edited<S>),
    ) -> Result<R, StoreError> {
        self.commit(
            || (action, Path::ROOT),
            Origin::User,
            location,
            |state, _, keep_previous| {
                Ok(match edit(state, keep_previous) {
                    (output, Edited::Nothing) => Outcome::Unchanged(output),
                    (output, Edited::Wrote(previous)) => Outcome::Wrote {
                        output,
                        undo: previous.map(|previous| move |state: &mut S| *state = previous),
                        notify: |tree: &Arc<Node>| tree.notify_all(),
                    },
                })
            },
        )
    }

    pub(crate) fn attach(&self, middleware: Arc<dyn Middleware<S>>) {
        let mut chain = self
            .middleware
            .write()
            .unwrap_or_else(PoisonError::into_inner);
        *chain = chain.iter().cloned().chain([middleware]).collect();
    }

    pub(crate) fn add_listener(&self, listener: Listener) -> u64 {
        let id = self.next_listener.fetch_add(1, Ordering::Relaxed);
        crate::subscription::add_callback(&self.listeners, id, listener);
        id
    }
}

impl<S> StoreInner<S> {
    /// The key under which this thread marks the store busy.
    pub(crate) fn key(&self) -> usize {
        self as *const Self as usize
    }

    pub(crate) fn remove_listener(&self, id: u64) {
        crate::subscription::remove_callback(&self.listeners, id);
    }
}
