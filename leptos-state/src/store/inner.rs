//! The shared part of a store: its value, its notification tree, its middleware and subscribers, and the
//! one commit path every write takes.

use super::{busy::Busy, revert::Revert};
use crate::{
    Change, Middleware, Origin, Path, StoreError,
    history::Recorder,
    middleware::{self, Chain},
    optimistic::Ledger,
    slice::Node,
};
use std::{
    borrow::Cow,
    panic::Location,
    sync::{
        Arc, OnceLock, PoisonError, RwLock,
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
pub(crate) enum Outcome<S, R, N> {
    /// Nothing was written.
    Unchanged(R),
    /// The state was written.
    Wrote {
        output: R,
        /// What the write overwrote, if the commit asked for it to be kept.
        revert: Option<Revert<S>>,
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
    /// Undo history, once attached.
    pub(crate) history: OnceLock<Arc<Recorder<S>>>,
    /// Optimistic changes, once the first one is made.
    pub(crate) optimistic: OnceLock<Arc<Ledger<S>>>,
    listeners: crate::subscription::Callbacks<Listener>,
    next_listener: AtomicU64,
    #[cfg(feature = "devtools")]
    pub(crate) _registration: crate::devtools::Registration,
    /// The devtools' action log, once the store is inspected.
    #[cfg(feature = "devtools")]
    pub(crate) log: OnceLock<Arc<crate::devtools::log::Log<S>>>,
    /// Whether the devtools locked the store: the application's own changes are refused.
    #[cfg(feature = "devtools")]
    pub(crate) locked: std::sync::atomic::AtomicBool,
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
            history: OnceLock::new(),
            optimistic: OnceLock::new(),
            #[cfg(feature = "devtools")]
            log: OnceLock::new(),
            #[cfg(feature = "devtools")]
            locked: std::sync::atomic::AtomicBool::new(false),
            listeners: RwLock::new(Arc::new([])),
            next_listener: AtomicU64::new(0),
        }
    }

    /// Applies one change: edit the value, let middleware refuse it or see it, notify readers,
    /// then call subscribers.
    ///
    /// `describe` names the change (its action and the path it touches); it is called only
    /// when someone will see the name. `edit` gets the state, the notification tree, and
    /// whether it must keep what it overwrote (only when middleware could refuse the write,
    /// or history or optimistic changes record it).
    pub(crate) fn commit<R, N>(
        &self,
        describe: impl FnOnce() -> (Cow<'static, str>, Path),
        origin: Origin,
        location: &'static Location<'static>,
        edit: impl FnOnce(&mut S, &Arc<Node>, bool) -> Result<Outcome<S, R, N>, StoreError>,
    ) -> Result<R, StoreError>
    where
        N: FnOnce(&Arc<Node>),
    {
        let Some(busy) = Busy::enter(self.key()) else {
            return Err(StoreError::Reentrant {
                store: self.name.to_string(),
                action: describe().0,
            });
        };
        // Settling optimistic changes, hydration and tab sync go through a lock: refusing
        // them would lose data.
        #[cfg(feature = "devtools")]
        if matches!(origin, Origin::User | Origin::Undo | Origin::Redo)
            && self.locked.load(Ordering::Relaxed)
        {
            return Err(StoreError::Refused {
                store: self.name.to_string(),
                action: describe().0,
                middleware: Cow::Borrowed("devtools lock"),
                reason: "changes are locked from the devtools".to_owned(),
            });
        }
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
        let history = self.history.get();
        let optimistic = self.optimistic.get();
        let keep_previous =
            !chain.is_empty() || history.is_some() || optimistic.is_some_and(|l| l.is_open());

        let mut state = self.value.write().unwrap_or_else(PoisonError::into_inner);
        let (output, revert, notify) = match edit(&mut state, &self.tree, keep_previous)? {
            Outcome::Unchanged(output) => return Ok(output),
            Outcome::Wrote {
                output,
                revert,
                notify,
            } => (output, revert, notify),
        };
        self.tree.count_write();
        // The devtools log only while something shows them.
        #[cfg(feature = "devtools")]
        let log = self.log.get().filter(|_| crate::devtools::is_watched());
        #[cfg(not(feature = "devtools"))]
        let log = None::<()>;
        let described = (keep_previous || !listeners.is_empty() || log.is_some()).then(describe);
        let change = described.as_ref().map(|(action, touched)| Change {
            store: &self.name,
            action,
            origin,
            touched: std::slice::from_ref(touched),
            location,
        });
        if let (Some(change), Some((action, _)), true) = (change, &described, keep_previous) {
            if let Err((by, refusal)) = middleware::run_before(&chain, &change, &state) {
                if let Some(revert) = revert {
                    revert.put_back_refused(&mut state, &self.tree);
                }
                return Err(StoreError::Refused {
                    store: self.name.to_string(),
                    action: action.clone(),
                    middleware: by,
                    reason: refusal.into_reason(),
                });
            }
            middleware::run_after(&chain, &change, &state);
            if let Some(mut revert) = revert {
                if let Some(optimistic) = optimistic {
                    optimistic.record(&change, &mut revert, &state, &self.tree);
                }
                if let Some(history) = history {
                    history.record(&change, revert, &state);
                }
            }
        }
        #[cfg(feature = "devtools")]
        if let (Some(log), Some((action, touched))) = (log, &described) {
            log.record(action, origin, touched, &state);
        }
        drop(state);
        drop(busy);

        #[cfg(feature = "devtools")]
        if let Some(log) = log {
            log.notify();
        }

        notify(&self.tree);
        if let Some(history) = history {
            history.notify_readers();
        }
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
        origin: Origin,
        location: &'static Location<'static>,
        edit: impl FnOnce(&mut S, bool) -> (R, Edited<S>),
    ) -> Result<R, StoreError> {
        self.commit(
            || (action, Path::ROOT),
            origin,
            location,
            |state, _, keep_previous| {
                Ok(match edit(state, keep_previous) {
                    (output, Edited::Nothing) => Outcome::Unchanged(output),
                    (output, Edited::Wrote(previous)) => Outcome::Wrote {
                        output,
                        revert: previous.map(Revert::Whole),
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
