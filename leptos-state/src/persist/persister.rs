//! [`Persister`]: the engine behind a [`Persist`](super::Persist) handle. It loads the
//! stored record once, writes the state after changes (coalesced), brings in other tabs'
//! writes, and reports what fails.

use super::{
    PersistError, StorageError,
    backend::{Backend, Pending},
    options::PersistOptions,
    record,
    thread_bound::ThreadBound,
};
use crate::sync;
use crate::{Clock, MachineError, Origin, StoreError};
use reactive_graph::{
    signal::ArcRwSignal,
    traits::{GetUntracked, Set},
};
use serde_json::Value;
use std::{
    future::Future,
    pin::Pin,
    sync::{Arc, Mutex, MutexGuard, Weak},
    task::{Context, Poll, Waker},
};

/// Why a [`Target`] cannot save a state or take a loaded one; its message becomes the
/// reason of a [`PersistError`].
#[derive(Debug, thiserror::Error)]
pub(crate) enum TargetError {
    /// The state does not turn into JSON, or the JSON into a state.
    #[error(transparent)]
    Json(#[from] serde_json::Error),
    /// The store refused the loaded state (a middleware's `before` hook, a lock).
    #[error(transparent)]
    Refused(#[from] StoreError),
    /// The machine refused the loaded snapshot.
    #[error(transparent)]
    Snapshot(#[from] MachineError),
}

/// What is persisted: a store or a machine.
pub(crate) trait Target: Send + Sync + 'static {
    /// The state to save, as JSON; `None` once the store or machine is gone.
    fn save(&self) -> Option<Result<Value, TargetError>>;

    /// Puts in a loaded state, as one change tagged `origin` ([`Origin::Hydration`] or
    /// [`Origin::Sync`]), keeping what `local` says changed here. Returns why the state
    /// cannot be taken.
    fn load(&self, state: Value, origin: Origin, local: Local<'_>) -> Result<(), TargetError>;

    /// Called when a read goes asynchronous or fails: keep what the state is now (unless
    /// kept already), to tell the parts changed before the stored value is loaded from the
    /// rest.
    fn remember_baseline(&self) {}

    /// The stored value has been loaded (or found absent): the baseline is no longer needed.
    fn forget_baseline(&self) {}

    /// The baseline as JSON, as [`save`](Self::save) would write it; the current state
    /// when no baseline was kept.
    fn baseline(&self) -> Option<Result<Value, TargetError>> {
        self.save()
    }
}

/// What this tab changed that a loaded state must not overwrite.
#[derive(Clone, Copy)]
pub(crate) enum Local<'a> {
    /// Nothing: take the loaded state.
    Unchanged,
    /// The state changed since persistence started; the target's baseline (if it kept one)
    /// tells which parts.
    SinceStart,
    /// The state changed since it was last saved or loaded as `saved` (its JSON); `None`
    /// when that is not known.
    SinceSaved(Option<&'a Value>),
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
    /// A write is under way; the next one waits for it, so that writes land in order.
    writing: bool,
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
    /// When the last write succeeded, in milliseconds since the Unix epoch.
    pub(crate) last_write: ArcRwSignal<Option<f64>>,
    waiters: Mutex<Vec<Waker>>,
    /// With tab sync: the state as last written or loaded, to tell this tab's unsaved
    /// changes from the rest when another tab's write arrives.
    saved: Mutex<Option<Value>>,
    /// Another tab's write that arrived while the stored value was being read.
    arrived: Mutex<Option<Result<Value, StorageError>>>,
    /// Listeners that live on the browser's thread: other tabs' writes, the page hiding.
    local: Mutex<Vec<ThreadBound>>,
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
            last_write: ArcRwSignal::new(None),
            waiters: Mutex::new(Vec::new()),
            saved: Mutex::new(None),
            arrived: Mutex::new(None),
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
            persister.keep(ThreadBound::new(watch));
        }
        #[cfg(target_arch = "wasm32")]
        {
            let this = persister.this.clone();
            if let Some(listeners) = super::page::on_hide(move || {
                if let Some(persister) = this.upgrade() {
                    persister.flush();
                }
            }) {
                persister.keep(ThreadBound::new(listeners));
            }
        }
        persister.read();
        Ok(persister)
    }

    fn keep(&self, bound: ThreadBound) {
        sync::lock(&self.local).push(bound);
    }

    fn status(&self) -> MutexGuard<'_, Status> {
        sync::lock(&self.status)
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
        let timer = {
            let mut status = self.status();
            status.scheduled = false;
            status.timer.take()
        };
        if let (Some(id), Some(clock)) = (timer, &self.clock) {
            clock.cancel(id);
        }
        let mut status = self.status();
        if !status.dirty || status.rejected || status.reading || status.writing {
            return;
        }
        if !status.loaded {
            drop(status);
            self.read();
            return;
        }
        status.dirty = false;
        status.writing = true;
        drop(status);
        let state = match self.target.save() {
            None => {
                self.status().writing = false;
                return;
            }
            Some(Ok(state)) => state,
            Some(Err(reason)) => {
                self.status().writing = false;
                self.report(PersistError::Serialize {
                    backend: self.backend_name.clone(),
                    reason: reason.to_string(),
                });
                return;
            }
        };
        if self.options.sync_tabs {
            *sync::lock(&self.saved) = Some(state.clone());
        }
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
        let changed_meanwhile = {
            let mut status = self.status();
            status.writing = false;
            status.dirty
        };
        match result {
            Ok(()) => {
                self.writes.set(self.writes.get_untracked() + 1);
                self.last_write.set(Some(crate::clock::unix_ms()));
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
                return;
            }
        }
        if changed_meanwhile {
            self.schedule();
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
        let local = if self.status().dirty {
            Local::SinceStart
        } else {
            Local::Unchanged
        };
        let outcome = match result {
            Ok(None) => {
                if self.options.sync_tabs {
                    // What other tabs' writes are compared with: the state before any
                    // change here.
                    *sync::lock(&self.saved) = self.target.baseline().and_then(Result::ok);
                }
                Ok(())
            }
            Ok(Some(stored)) => self.load(stored, Origin::Hydration, local),
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
                Err(error) if error.rejects_stored() => {
                    // Read, and refused: other tabs' writes may still replace it.
                    status.loaded = true;
                    status.rejected = true;
                }
                Err(_) => {}
            }
            status.dirty && status.loaded && !status.rejected
        };
        if outcome.is_ok() {
            self.target.forget_baseline();
        }
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
            for waker in sync::lock(&self.waiters).drain(..) {
                waker.wake();
            }
        }
        let arrived = sync::lock(&self.arrived).take();
        if let Some(arrived) = arrived {
            self.received(arrived);
        }
        if write_now {
            self.schedule();
        }
    }

    /// Checks and migrates a stored record, then puts its state in.
    fn load(&self, stored: Value, origin: Origin, local: Local<'_>) -> Result<(), PersistError> {
        let state = record::unwrap(stored, &self.options, &self.backend_name)?;
        let kept = self.options.sync_tabs.then(|| state.clone());
        self.target
            .load(state, origin, local)
            .map_err(|reason| self.unreadable(reason.to_string()))?;
        if kept.is_some() {
            *sync::lock(&self.saved) = kept;
        }
        Ok(())
    }

    fn unreadable(&self, reason: String) -> PersistError {
        PersistError::Unreadable {
            backend: self.backend_name.clone(),
            reason,
        }
    }

    /// Another tab wrote `stored`. This tab's unsaved changes are kept on top of it, and
    /// written.
    fn received(&self, stored: Result<Value, StorageError>) {
        let (dirty, writing, waiting) = {
            let status = self.status();
            (status.dirty, status.writing, !status.loaded)
        };
        if waiting {
            // Taken once the read under way has loaded.
            *sync::lock(&self.arrived) = Some(stored);
            return;
        }
        let saved = sync::lock(&self.saved).clone();
        let local = if dirty {
            Local::SinceSaved(saved.as_ref())
        } else {
            Local::Unchanged
        };
        let loaded = match stored {
            Ok(stored) => self.load(stored, Origin::Sync, local),
            Err(StorageError::Corrupt(reason)) => Err(self.unreadable(reason)),
            Err(source) => Err(PersistError::Read {
                backend: self.backend_name.clone(),
                source,
            }),
        };
        match loaded {
            Ok(()) => {
                let was_rejected = std::mem::take(&mut self.status().rejected);
                if was_rejected {
                    // The other tab replaced the value this one refused.
                    self.rejected.set(false);
                    self.clear_error(PersistError::rejects_stored);
                }
                if dirty || writing {
                    // Write this tab's changes on top of the other tab's, after (and over)
                    // a write of this tab's that may land after theirs.
                    self.status().dirty = true;
                    self.schedule();
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
            if !status.rejected {
                // Nothing was refused: a value never read is not overwritten blindly.
                drop(status);
                self.flush();
                return;
            }
            status.rejected = false;
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
        let mut waiters = sync::lock(&persister.waiters);
        if persister.hydrated.get_untracked() {
            return Poll::Ready(());
        }
        if !waiters.iter().any(|waker| waker.will_wake(cx.waker())) {
            waiters.push(cx.waker().clone());
        }
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
