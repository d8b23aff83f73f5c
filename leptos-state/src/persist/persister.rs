//! [`Persister`]: the engine behind a [`Persist`](super::Persist) handle. It loads the
//! stored record once, writes the state after changes (coalesced), brings in other tabs'
//! writes, and reports what fails.

use super::{
    PersistError, StorageError,
    backend::{Backend, Pending},
    kept::Kept,
    options::PersistOptions,
    record,
};
use crate::{Clock, Origin};
use reactive_graph::{
    signal::ArcRwSignal,
    traits::{GetUntracked, Set},
};
use serde_json::Value;
use std::{
    future::Future,
    pin::Pin,
    sync::{Arc, Mutex, MutexGuard, PoisonError, Weak},
    task::{Context, Poll, Waker},
};

/// What is persisted: a store or a machine.
pub(crate) trait Target: Send + Sync + 'static {
    /// The state to save, as JSON; `None` once the store or machine is gone.
    fn save(&self) -> Option<Result<Value, String>>;

    /// Puts in a loaded state, as one change tagged `origin` ([`Origin::Hydration`] or
    /// [`Origin::Sync`]). `changed` says whether the application changed the state since
    /// persistence was attached. Returns why the state cannot be taken.
    fn load(&self, state: Value, origin: Origin, changed: bool) -> Result<(), String>;

    /// Called when a read goes asynchronous or fails: keep what the state is now (unless
    /// kept already), to tell the parts changed before the stored value is loaded from the
    /// rest.
    fn remember_baseline(&self) {}
}

#[derive(Default)]
struct Status {
    /// A change has not been written yet.
    dirty: bool,
    /// A write is scheduled on the clock; the timer's id once known.
    scheduled: bool,
    timer: Option<u64>,
    /// The stored record has been read (or found absent) and loaded: writing may start.
    loaded: bool,
    reading: bool,
    /// The stored record was refused and is kept: nothing is written until
    /// `overwrite_stored`.
    rejected: bool,
}

pub(crate) struct Persister {
    backend: Box<dyn Backend>,
    backend_name: String,
    options: PersistOptions,
    clock: Option<Arc<dyn Clock>>,
    target: Box<dyn Target>,
    status: Mutex<Status>,
    pub(crate) hydrated: ArcRwSignal<bool>,
    pub(crate) error: ArcRwSignal<Option<PersistError>>,
    pub(crate) rejected: ArcRwSignal<bool>,
    pub(crate) writes: ArcRwSignal<u64>,
    waiters: Mutex<Vec<Waker>>,
    /// Listeners that live on the browser's thread: other tabs' writes, the page hiding.
    local: Mutex<Vec<Kept>>,
    this: Weak<Persister>,
}

impl Persister {
    /// Starts persisting `target`: listens to other tabs if asked, flushes when the page is
    /// hidden, and reads the stored record (at once for a synchronous backend).
    pub(crate) fn start(
        backend: Box<dyn Backend>,
        options: PersistOptions,
        target: Box<dyn Target>,
    ) -> Result<Arc<Self>, PersistError> {
        options.check()?;
        let backend_name = backend.describe();
        let clock = options.clock.clone().or_else(default_clock);
        let persister = Arc::new_cyclic(|this| Persister {
            backend,
            backend_name,
            options,
            clock,
            target,
            status: Mutex::new(Status::default()),
            hydrated: ArcRwSignal::new(false),
            error: ArcRwSignal::new(None),
            rejected: ArcRwSignal::new(false),
            writes: ArcRwSignal::new(0),
            waiters: Mutex::new(Vec::new()),
            local: Mutex::new(Vec::new()),
            this: this.clone(),
        });
        if persister.options.sync_tabs {
            let this = persister.this.clone();
            let on_write = Arc::new(move |record: Result<Value, StorageError>| {
                if let Some(persister) = this.upgrade() {
                    persister.received(record);
                }
            });
            let Some(watch) = persister.backend.watch(on_write) else {
                return Err(PersistError::SyncUnsupported {
                    backend: persister.backend_name.clone(),
                });
            };
            persister.keep(Kept::new(watch));
        }
        #[cfg(target_arch = "wasm32")]
        {
            let this = persister.this.clone();
            if let Some(listeners) = super::page::on_hide(move || {
                if let Some(persister) = this.upgrade() {
                    persister.flush();
                }
            }) {
                persister.keep(Kept::new(listeners));
            }
        }
        persister.read();
        Ok(persister)
    }

    fn keep(&self, kept: Kept) {
        self.local
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push(kept);
    }

    fn status(&self) -> MutexGuard<'_, Status> {
        self.status.lock().unwrap_or_else(PoisonError::into_inner)
    }

    pub(crate) fn backend_name(&self) -> &str {
        &self.backend_name
    }

    /// The store or machine changed: write it soon (or at once, without a clock).
    pub(crate) fn changed(&self, origin: Origin) {
        if matches!(origin, Origin::Hydration | Origin::Sync) {
            return;
        }
        self.status().dirty = true;
        self.schedule();
    }

    /// Schedules one write on the clock, unless one is scheduled already; writes at once
    /// without a clock.
    fn schedule(&self) {
        let Some(clock) = &self.clock else {
            self.flush();
            return;
        };
        {
            let mut status = self.status();
            if status.scheduled || status.rejected {
                return;
            }
            status.scheduled = true;
        }
        let this = self.this.clone();
        let id = clock.schedule(
            self.options.delay,
            Box::new(move || {
                if let Some(persister) = this.upgrade() {
                    persister.flush();
                }
            }),
        );
        let mut status = self.status();
        if status.scheduled {
            status.timer = Some(id);
        }
    }

    /// Writes the state now if a change has not been written. Before the stored record has
    /// been loaded, reads it first (and writes once it is loaded).
    pub(crate) fn flush(&self) {
        let mut status = self.status();
        status.scheduled = false;
        if let (Some(id), Some(clock)) = (status.timer.take(), &self.clock) {
            clock.cancel(id);
        }
        if !status.dirty || status.rejected || status.reading {
            return;
        }
        if !status.loaded {
            drop(status);
            self.read();
            return;
        }
        status.dirty = false;
        drop(status);
        let state = match self.target.save() {
            None => return,
            Some(Ok(state)) => state,
            Some(Err(reason)) => {
                self.report(PersistError::Serialize {
                    backend: self.backend_name.clone(),
                    reason,
                });
                return;
            }
        };
        let record = record::wrap(state, self.options.version);
        match self.backend.write(&record) {
            Pending::Ready(result) => self.written(result),
            Pending::Later(write) => {
                let this = self.this.clone();
                spawn(async move {
                    let result = write.await;
                    if let Some(persister) = this.upgrade() {
                        persister.written(result);
                    }
                });
            }
        }
    }

    fn written(&self, result: Result<(), StorageError>) {
        match result {
            Ok(()) => {
                self.writes.set(self.writes.get_untracked() + 1);
                self.clear_error(|error| {
                    matches!(
                        error,
                        PersistError::Write { .. }
                            | PersistError::Read { .. }
                            | PersistError::Serialize { .. }
                    )
                });
            }
            Err(source) => {
                // Written again on the next change.
                self.status().dirty = true;
                self.report(PersistError::Write {
                    backend: self.backend_name.clone(),
                    source,
                });
            }
        }
    }

    /// Reads the stored record and loads it.
    fn read(&self) {
        {
            let mut status = self.status();
            if status.reading {
                return;
            }
            status.reading = true;
        }
        match self.backend.read() {
            Pending::Ready(result) => self.read_done(result),
            Pending::Later(read) => {
                self.target.remember_baseline();
                let this = self.this.clone();
                spawn(async move {
                    let result = read.await;
                    if let Some(persister) = this.upgrade() {
                        persister.read_done(result);
                    }
                });
            }
        }
    }

    fn read_done(&self, result: Result<Option<Value>, StorageError>) {
        let changed = self.status().dirty;
        let outcome = match result {
            Ok(None) => Ok(()),
            Ok(Some(stored)) => self.load(stored, Origin::Hydration, changed),
            Err(StorageError::Corrupt(reason)) => Err(self.unreadable(reason)),
            Err(source) => Err(PersistError::Read {
                backend: self.backend_name.clone(),
                source,
            }),
        };
        let write_now = {
            let mut status = self.status();
            status.reading = false;
            match &outcome {
                Ok(()) => status.loaded = true,
                Err(error) if error.rejects_stored() => status.rejected = true,
                Err(_) => {}
            }
            status.dirty && status.loaded && !status.rejected
        };
        match outcome {
            Ok(()) => self.clear_error(|error| matches!(error, PersistError::Read { .. })),
            Err(error @ PersistError::Read { .. }) => {
                // Read again before the next write, and merge with the changes made by then.
                self.target.remember_baseline();
                self.report(error);
            }
            Err(error) => {
                if error.rejects_stored() {
                    self.rejected.set(true);
                }
                self.report(error);
            }
        }
        if !self.hydrated.get_untracked() {
            self.hydrated.set(true);
            for waker in self
                .waiters
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .drain(..)
            {
                waker.wake();
            }
        }
        if write_now {
            self.schedule();
        }
    }

    /// Checks and migrates a stored record, then puts its state in.
    fn load(&self, stored: Value, origin: Origin, changed: bool) -> Result<(), PersistError> {
        let state = record::unwrap(stored, &self.options, &self.backend_name)?;
        self.target
            .load(state, origin, changed)
            .map_err(|reason| self.unreadable(reason))
    }

    fn unreadable(&self, reason: String) -> PersistError {
        PersistError::Unreadable {
            backend: self.backend_name.clone(),
            reason,
        }
    }

    /// Another tab wrote `stored`.
    fn received(&self, stored: Result<Value, StorageError>) {
        if !self.status().loaded {
            // The load under way reads the storage after this write, or the next change
            // reads it again.
            return;
        }
        let loaded = match stored {
            Ok(stored) => self.load(stored, Origin::Sync, false),
            Err(StorageError::Corrupt(reason)) => Err(self.unreadable(reason)),
            Err(source) => Err(PersistError::Read {
                backend: self.backend_name.clone(),
                source,
            }),
        };
        match loaded {
            Ok(()) => {
                let was_rejected = {
                    let mut status = self.status();
                    // This tab's unwritten changes were overwritten by the other tab's.
                    status.dirty = false;
                    std::mem::take(&mut status.rejected)
                };
                if was_rejected {
                    // The other tab replaced the value this one refused.
                    self.rejected.set(false);
                    self.clear_error(PersistError::rejects_stored);
                }
            }
            Err(error) => {
                if error.rejects_stored() {
                    self.status().rejected = true;
                    self.rejected.set(true);
                }
                self.report(error);
            }
        }
    }

    /// Writes the current state over a stored value that was refused, and goes on writing.
    pub(crate) fn overwrite_stored(&self) {
        {
            let mut status = self.status();
            status.rejected = false;
            status.loaded = true;
            status.dirty = true;
        }
        self.rejected.set(false);
        self.clear_error(PersistError::rejects_stored);
        self.flush();
    }

    fn report(&self, error: PersistError) {
        log::error!(target: "leptos_state", "{error}");
        self.error.set(Some(error));
    }

    fn clear_error(&self, which: impl Fn(&PersistError) -> bool) {
        if self.error.get_untracked().as_ref().is_some_and(which) {
            self.error.set(None);
        }
    }

    /// Resolves once the first read has ended, loaded or not.
    pub(crate) fn when_hydrated(self: &Arc<Self>) -> WhenHydrated {
        WhenHydrated {
            persister: self.clone(),
        }
    }
}

/// The future of [`Persist::when_hydrated`](super::Persist::when_hydrated).
pub(crate) struct WhenHydrated {
    persister: Arc<Persister>,
}

impl Future for WhenHydrated {
    type Output = ();

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        let persister = &self.persister;
        let mut waiters = persister
            .waiters
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        if persister.hydrated.get_untracked() {
            return Poll::Ready(());
        }
        waiters.push(cx.waker().clone());
        Poll::Pending
    }
}

/// The clock that times writes when the options give none: the browser's timers on wasm;
/// none elsewhere, where every change writes at once.
fn default_clock() -> Option<Arc<dyn Clock>> {
    #[cfg(target_arch = "wasm32")]
    {
        Some(Arc::new(crate::BrowserClock))
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        None
    }
}

/// Runs a backend's future on the current thread: on the browser's event loop on wasm;
/// elsewhere on the `any_spawner` executor, which a Leptos app or test sets up.
fn spawn(future: impl Future<Output = ()> + 'static) {
    #[cfg(target_arch = "wasm32")]
    wasm_bindgen_futures::spawn_local(future);
    #[cfg(not(target_arch = "wasm32"))]
    any_spawner::Executor::spawn_local(future);
}
