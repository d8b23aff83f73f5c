//! Running Leptos effects in native tests.

// Each test binary uses only part of this file.
#![allow(dead_code)]

use any_spawner::Executor;
use leptos::prelude::*;
use std::sync::{
    Arc,
    atomic::{AtomicUsize, Ordering},
};

/// Creates a reactive owner for one test, with an executor for its effects.
pub(crate) fn owner() -> Owner {
    // One executor per test binary; later calls report that it is already set.
    let _ = Executor::init_futures_executor();
    let owner = Owner::new();
    owner.set();
    owner
}

/// Runs the effects that are due on this thread.
pub(crate) fn flush() {
    Executor::poll_local();
}

/// How many times an effect has run.
#[derive(Clone)]
pub(crate) struct Runs(Arc<AtomicUsize>);

impl Runs {
    pub(crate) fn get(&self) -> usize {
        self.0.load(Ordering::SeqCst)
    }
}

/// An effect that runs `read` and counts its runs; it has run once when this returns.
pub(crate) fn count_runs(read: impl Fn() + 'static) -> Runs {
    let runs = Runs(Arc::new(AtomicUsize::new(0)));
    let counter = runs.clone();
    Effect::new(move |_| {
        read();
        counter.0.fetch_add(1, Ordering::SeqCst);
    });
    flush();
    runs
}
