//! [`Persister`]: the engine behind a [`Persist`](super::Persist) handle. It loads the
//! stored record once, writes the state after changes (coalesced), brings in other tabs'
//! writes, and reports what fails.

use super::{
    PersistError, StorageError,
    backend::{Backend, Merge, Pending},
    options::PersistOptions,
    record::{self, Revision},
    revisions::{Revisions, new_revision},
    thread_bound::ThreadBound,
};
use crate::{
    Clock, MachineError, Origin, StoreError,
    render::{self, Rendering},
    sync,
};
use reactive_graph::{
    effect::Effect,
    graph::untrack,
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

    /// Puts in `state`, a stored one, as one change tagged `origin` ([`Origin::Hydration`]
    /// or [`Origin::Sync`]). `base` is the state (as saved) that this tab last knew storage
    /// to hold: what differs between `base` and `state` is what other tabs changed, and what
    /// differs between `base` and the current state is this tab's own, which stays where
    /// both changed the same place. Returns why the state cannot be taken.
    fn load(&self, state: Value, origin: Origin, base: &Value) -> Result<(), TargetError>;

    /// Called when the first read goes asynchronous or fails: keep what the state is now
    /// (unless kept already), the base of a stored value loaded later.
    fn remember_baseline(&self) {}

    /// The stored value has been loaded (or found absent): the baseline is no longer needed.
    fn forget_baseline(&self) {}

    /// The baseline as JSON, as [`save`](Self::save) would write it; the current state
    /// when no baseline was kept.
    fn baseline(&self) -> Option<Result<Value, TargetError>> {
        self.save()
    }
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
    /// The next write replaces the stored record without reading it (`overwrite_stored`).
    overwrite: bool,
    /// Another tab wrote while this one was reading or writing: read again after.
    behind: bool,
    /// The page is hydrating: nothing is read or written until it has hydrated, so that its
    /// first render matches the server's HTML.
    deferred: bool,
    /// The first read keeps the state the server sent and writes it over a stored value that
    /// can be read (`PersistOptions::keep_server_state`), instead of loading it.
    keep_current: bool,
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
    /// With tab sync: the records (as saved) that this tab last read or wrote; what another
    /// tab changed is what its record differs from its parent by.
    saved: Mutex<Revisions>,
    /// The state and revision of the write under way, which `saved` remembers once written.
    writing: Mutex<Option<(Value, Revision)>>,
    /// Listeners that live on the browser's thread: other tabs' writes, the page hiding.
    local: Mutex<Vec<ThreadBound>>,
    /// Rendering on the server, or a storage this code cannot reach: nothing is read or
    /// written.
    inert: bool,
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
        let rendering = render::rendering();
        let inert = rendering == Rendering::Server || !backend.reachable();
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
            saved: Mutex::new(Revisions::default()),
            writing: Mutex::new(None),
            local: Mutex::new(Vec::new()),
            inert,
            this: this.clone(),
        });
        if inert {
            // The state is the one the store was given, and stays in memory only. On the
            // server, the stored state is loaded later, in the browser: `hydrated` stays
            // false there, as the hydrating page first renders it.
            persister.status().loaded = true;
            if rendering != Rendering::Server {
                persister.hydrated.set(true);
            }
            return Ok(persister);
        }
        if persister.options.sync_tabs {
            let this = persister.this.clone();
            let on_write = Arc::new(move || {
                if let Some(persister) = this.upgrade() {
                    persister.received();
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
        if rendering == Rendering::Hydrating {
            // The first render must match the server's HTML: the stored state comes in after
            // hydration, which is when effects first run. Changes made before then are this
            // page's own, kept where the stored state differs.
            persister.status().deferred = true;
            persister.target.remember_baseline();
            let this = persister.this.clone();
            Effect::new(move |_| {
                // Reads no signal: it runs once.
                untrack(|| {
                    if let Some(persister) = this.upgrade() {
                        persister.hydrated_page();
                    }
                });
            });
        } else {
            persister.read();
        }
        Ok(persister)
    }

    /// The page this persistence started in has hydrated: read the stored state, to load it
    /// or (with `keep_server_state`) to write the server's over it once it is known to be
    /// one this app can read.
    fn hydrated_page(&self) {
        {
            let mut status = self.status();
            status.deferred = false;
            status.keep_current = self.options.keep_server_state;
        }
        self.read();
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
        if self.inert || matches!(origin, Origin::Hydration | Origin::Sync) {
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
            u64::from(self.options.delay),
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
    /// been loaded, reads it first (and writes once it is loaded). With tab sync, the write
    /// reads the stored record first and takes in what other tabs wrote since this one last
    /// read or wrote it, in one transaction where the storage has them.
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
        if self.inert
            || status.deferred
            || !status.dirty
            || status.rejected
            || status.reading
            || status.writing
        {
            return;
        }
        if !status.loaded {
            drop(status);
            self.read();
            return;
        }
        status.dirty = false;
        status.writing = true;
        let overwrite = std::mem::take(&mut status.overwrite);
        drop(status);
        if !self.options.sync_tabs || overwrite {
            match self.record_to_write() {
                Some(record) => self.write(&record),
                None => self.write_skipped(),
            }
            return;
        }
        let this = self.this.clone();
        let merge: Merge = Box::new(move |stored| {
            let persister = this.upgrade()?;
            persister.merge_for_write(stored)
        });
        if let Some(pending) = self.backend.read_and_write(merge) {
            match pending {
                Pending::Ready(result) => self.merged_and_written(result),
                Pending::Later(write) => {
                    let this = self.this.clone();
                    spawn(async move {
                        let result = write.await;
                        if let Some(persister) = this.upgrade() {
                            persister.merged_and_written(result);
                        }
                    });
                }
            }
            return;
        }
        // The storage reads and writes separately: read, take in, write.
        match self.backend.read() {
            Pending::Ready(stored) => self.write_merged(stored),
            Pending::Later(read) => {
                let this = self.this.clone();
                spawn(async move {
                    let stored = read.await;
                    if let Some(persister) = this.upgrade() {
                        persister.write_merged(stored);
                    }
                });
            }
        }
    }

    /// Writes what `stored`, read for this write, and this tab's state make.
    fn write_merged(&self, stored: Result<Option<Value>, StorageError>) {
        match self.merge_for_write(stored) {
            Some(record) => self.write(&record),
            None => self.write_skipped(),
        }
    }

    /// What to write over `stored`: this tab's state, once it has taken in what other tabs
    /// wrote since it last read or wrote. `None` when nothing may be written (the stored
    /// value cannot be read, or is refused).
    fn merge_for_write(&self, stored: Result<Option<Value>, StorageError>) -> Option<Value> {
        let caught_up = match stored {
            Ok(None) => {
                if self.options.sync_tabs
                    && let Some(Ok(baseline)) = self.target.baseline()
                {
                    sync::lock(&self.saved).nothing_stored(baseline);
                }
                Ok(())
            }
            // What this tab holds beyond the record is in the record written next.
            Ok(Some(stored)) => self.load(stored, Origin::Sync).map(|_| ()),
            Err(StorageError::Corrupt(reason)) => Err(self.unreadable(reason)),
            Err(source) => Err(PersistError::Read {
                backend: self.backend_name.clone(),
                source,
            }),
        };
        if let Err(error) = caught_up {
            self.refused(error);
            return None;
        }
        self.record_to_write()
    }

    /// The record of the current state, kept to become `saved` once written.
    fn record_to_write(&self) -> Option<Value> {
        let state = match self.target.save()? {
            Ok(state) => state,
            Err(reason) => {
                self.report(PersistError::Serialize {
                    backend: self.backend_name.clone(),
                    reason: reason.to_string(),
                });
                return None;
            }
        };
        let revision = self.options.sync_tabs.then(|| Revision {
            this: new_revision(),
            parent: sync::lock(&self.saved)
                .parent_of_next_write()
                .map(str::to_owned),
        });
        if let Some(revision) = &revision {
            *sync::lock(&self.writing) = Some((state.clone(), revision.clone()));
        }
        Some(record::wrap(state, self.options.version, revision))
    }

    fn write(&self, record: &Value) {
        let pending = self.backend.write(record);
        self.await_written(pending);
    }

    fn await_written(&self, pending: Pending<Result<(), StorageError>>) {
        match pending {
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

    /// A read-and-write ended: it wrote if the merge gave a record to write (which it keeps
    /// in `writing`), else it wrote nothing.
    fn merged_and_written(&self, result: Result<(), StorageError>) {
        let gave_a_record = sync::lock(&self.writing).is_some();
        match result {
            Ok(()) if !gave_a_record => self.write_skipped(),
            result => self.written(result),
        }
    }

    /// A write was given up before it reached the storage: nothing was written, and the
    /// change is written with the next one, or once a refused stored value is replaced.
    fn write_skipped(&self) {
        sync::lock(&self.writing).take();
        {
            let mut status = self.status();
            status.writing = false;
            status.dirty = true;
        }
        self.after_io();
    }

    fn written(&self, result: Result<(), StorageError>) {
        let state = sync::lock(&self.writing).take();
        let changed_meanwhile = {
            let mut status = self.status();
            status.writing = false;
            status.dirty
        };
        match result {
            Ok(()) => {
                if let Some((state, revision)) = state {
                    sync::lock(&self.saved).remember(Some(revision.this), state);
                }
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
                self.after_io();
                return;
            }
        }
        self.after_io();
        if changed_meanwhile {
            self.schedule();
        }
    }

    /// After a read or a write: catches up with what another tab wrote meanwhile.
    fn after_io(&self) {
        let behind = {
            let mut status = self.status();
            status.loaded
                && !status.reading
                && !status.writing
                && std::mem::take(&mut status.behind)
        };
        if behind {
            self.read();
        }
    }

    /// Reads the stored record and loads it: the first time, and to catch up with another
    /// tab's write.
    fn read(&self) {
        {
            let mut status = self.status();
            if status.reading || status.deferred {
                return;
            }
            status.reading = true;
            status.behind = false;
        }
        match self.backend.read() {
            Pending::Ready(result) => self.read_done(result),
            Pending::Later(read) => {
                if !self.status().loaded {
                    self.target.remember_baseline();
                }
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
        let first = !self.status().loaded;
        let keep_current = first && std::mem::take(&mut self.status().keep_current);
        let origin = if first {
            Origin::Hydration
        } else {
            Origin::Sync
        };
        let outcome = match result {
            Ok(None) => {
                if self.options.sync_tabs
                    && let Some(Ok(baseline)) = self.target.baseline()
                {
                    // What other tabs' writes are compared with: the state before any
                    // change here.
                    sync::lock(&self.saved).nothing_stored(baseline);
                }
                Ok(())
            }
            Ok(Some(stored)) if keep_current => self.keep_current_over(stored),
            Ok(Some(stored)) => self.load(stored, origin).map(|holds_more| {
                if holds_more {
                    // Another tab wrote from an older record and left out what this tab
                    // had written: write it again.
                    self.status().dirty = true;
                }
            }),
            Err(StorageError::Corrupt(reason)) => Err(self.unreadable(reason)),
            Err(source) => Err(PersistError::Read {
                backend: self.backend_name.clone(),
                source,
            }),
        };
        let (write_now, was_rejected) = {
            let mut status = self.status();
            status.reading = false;
            let was_rejected = status.rejected;
            match &outcome {
                Ok(()) => {
                    status.loaded = true;
                    status.rejected = false;
                    if keep_current {
                        // The server's state, written over the stored one.
                        status.dirty = true;
                    }
                }
                Err(error) if error.rejects_stored() => {
                    // Read, and refused: other tabs' writes may still replace it.
                    status.loaded = true;
                    status.rejected = true;
                }
                Err(_) => {}
            }
            (
                status.dirty && status.loaded && !status.rejected,
                was_rejected,
            )
        };
        if outcome.is_ok() {
            self.target.forget_baseline();
        }
        match outcome {
            Ok(()) => {
                if was_rejected {
                    // Another tab replaced the value this one refused.
                    self.rejected.set(false);
                    self.clear_error(PersistError::rejects_stored);
                }
                self.clear_error(|error| matches!(error, PersistError::Read { .. }));
            }
            Err(error @ PersistError::Read { .. }) => {
                if first {
                    // Read again before the next write, and merge with the changes made by
                    // then.
                    self.target.remember_baseline();
                }
                self.report(error);
            }
            Err(error) => self.refused(error),
        }
        if !self.hydrated.get_untracked() {
            self.hydrated.set(true);
            for waker in sync::lock(&self.waiters).drain(..) {
                waker.wake();
            }
        }
        self.after_io();
        if write_now {
            self.schedule();
        }
    }

    /// Reports an error; one that refuses the stored value stops writing until it is
    /// replaced or overwritten.
    fn refused(&self, error: PersistError) {
        if error.rejects_stored() {
            self.status().rejected = true;
            self.rejected.set(true);
        }
        self.report(error);
    }

    /// Checks and migrates a stored record, then puts in what it changed since this tab
    /// last read or wrote the storage.
    ///
    /// With tab sync, returns whether this tab now holds what the record lacks: changes
    /// another tab's write did not include because it was written from an older record (a
    /// storage without transactions lets that happen), which must be written again.
    fn load(&self, stored: Value, origin: Origin) -> Result<bool, PersistError> {
        let revision = record::revision(&stored);
        let state = record::unwrap(stored, &self.options, &self.backend_name)?;
        let (base, written_from_older) = {
            let mut saved = sync::lock(&self.saved);
            if saved.is_last(revision.as_ref().map(|revision| revision.this.as_str())) {
                // Nothing new: what this tab last read or wrote.
                return Ok(false);
            }
            if saved.last() == Some(&state) {
                // The same state, written again: nothing to take in.
                if self.options.sync_tabs {
                    saved.remember(revision.map(|revision| revision.this), state);
                }
                return Ok(false);
            }
            // The writer had not seen the record this tab last read or wrote, so it may
            // have left out what this tab wrote.
            let written_from_older = revision
                .as_ref()
                .is_some_and(|revision| revision.parent.as_deref() != saved.parent_of_next_write());
            (saved.base_for(revision.as_ref()), written_from_older)
        };
        let base = match base {
            Some(base) => base,
            None => match self.target.baseline() {
                Some(Ok(baseline)) => baseline,
                Some(Err(reason)) => return Err(self.unreadable(reason.to_string())),
                None => return Ok(false),
            },
        };
        let kept = self.options.sync_tabs.then(|| state.clone());
        self.target
            .load(state, origin, &base)
            .map_err(|reason| self.unreadable(reason.to_string()))?;
        let Some(stored_state) = kept else {
            return Ok(false);
        };
        let holds_more = written_from_older
            && matches!(self.target.save(), Some(Ok(now)) if now != stored_state);
        sync::lock(&self.saved).remember(revision.map(|revision| revision.this), stored_state);
        Ok(holds_more)
    }

    /// Checks a stored record without loading it: the state stays as it is and is written
    /// over it next. A record this app cannot read (corrupt, newer, failing a migration) is
    /// refused as when loading, and kept.
    fn keep_current_over(&self, stored: Value) -> Result<(), PersistError> {
        let revision = record::revision(&stored);
        let state = record::unwrap(stored, &self.options, &self.backend_name)?;
        if self.options.sync_tabs {
            // What storage holds: the next write takes in nothing from it.
            sync::lock(&self.saved).remember(revision.map(|revision| revision.this), state);
        }
        Ok(())
    }

    fn unreadable(&self, reason: String) -> PersistError {
        PersistError::Unreadable {
            backend: self.backend_name.clone(),
            reason,
        }
    }

    /// Another tab wrote: read what is stored now and take in what it changed (at once, or
    /// after the read or write under way).
    fn received(&self) {
        {
            let mut status = self.status();
            if status.reading || status.writing {
                status.behind = true;
                return;
            }
        }
        self.read();
    }

    /// Writes the current state over a stored value that was refused, and goes on writing.
    pub(crate) fn overwrite_stored(&self) {
        if self.inert {
            return;
        }
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
            status.overwrite = true;
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
        // Inert (on the server): nothing will be read here, so nothing to wait for.
        if persister.inert || persister.hydrated.get_untracked() {
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
