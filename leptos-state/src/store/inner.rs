//! The shared part of a store: its value, its trigger, its middleware and subscribers, and the
//! one commit path every write takes.

use super::busy::Busy;
use crate::{
    Change, Middleware, Origin, Path, StoreError,
    middleware::{self, Chain},
};
use reactive_graph::{signal::ArcTrigger, traits::Notify};
use std::{
    borrow::Cow,
    panic::Location,
    sync::{
        Arc, PoisonError, RwLock,
        atomic::{AtomicU64, Ordering},
    },
};

/// Every write in this crate touches the whole state.
static WHOLE_STATE: [Path; 1] = [Path::ROOT];

pub(crate) type Listener = Arc<dyn Fn(&Change<'_>) + Send + Sync>;

/// What an edit did to the state.
pub(crate) enum Edited<S> {
    /// Nothing was written.
    Nothing,
    /// The state was written; holds the previous state when the commit asked to keep it.
    Wrote(Option<S>),
}

pub(crate) struct StoreInner<S> {
    pub(crate) value: Arc<RwLock<S>>,
    pub(crate) initial: S,
    pub(crate) trigger: ArcTrigger,
    pub(crate) name: Cow<'static, str>,
    pub(crate) defined_at: &'static Location<'static>,
    middleware: RwLock<Chain<S>>,
    listeners: RwLock<Arc<[(u64, Listener)]>>,
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
            trigger: ArcTrigger::new(),
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
    pub(crate) fn commit<R>(
        &self,
        action: Cow<'static, str>,
        origin: Origin,
        location: &'static Location<'static>,
        edit: impl FnOnce(&mut S, bool) -> (R, Edited<S>),
    ) -> Result<R, StoreError> {
        let Some(busy) = Busy::enter(self.key()) else {
            return Err(StoreError::Reentrant {
                store: self.name.to_string(),
                action,
            });
        };
        let chain = self
            .middleware
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .clone();
        let keep_previous = !chain.is_empty();

        let mut state = self.value.write().unwrap_or_else(PoisonError::into_inner);
        let (output, edited) = edit(&mut state, keep_previous);
        let Edited::Wrote(previous) = edited else {
            return Ok(output);
        };
        let change = Change {
            store: &self.name,
            action: &action,
            origin,
            touched: &WHOLE_STATE,
            location,
        };
        if keep_previous {
            if let Err((by, refusal)) = middleware::run_before(&chain, &change, &state) {
                if let Some(previous) = previous {
                    *state = previous;
                }
                return Err(StoreError::Refused {
                    store: self.name.to_string(),
                    action,
                    middleware: by,
                    reason: refusal.into_reason(),
                });
            }
            middleware::run_after(&chain, &change, &state);
        }
        drop(state);
        drop(busy);

        self.trigger.notify();
        let listeners = self
            .listeners
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .clone();
        for (_, listener) in listeners.iter() {
            listener(&change);
        }
        Ok(output)
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
        let mut listeners = self
            .listeners
            .write()
            .unwrap_or_else(PoisonError::into_inner);
        *listeners = listeners.iter().cloned().chain([(id, listener)]).collect();
        id
    }
}

impl<S> StoreInner<S> {
    /// The key under which this thread marks the store busy.
    pub(crate) fn key(&self) -> usize {
        self as *const Self as usize
    }

    pub(crate) fn remove_listener(&self, id: u64) {
        let mut listeners = self
            .listeners
            .write()
            .unwrap_or_else(PoisonError::into_inner);
        if listeners.iter().any(|(listener, _)| *listener == id) {
            *listeners = listeners
                .iter()
                .filter(|(listener, _)| *listener != id)
                .cloned()
                .collect();
        }
    }
}
