//! A store write against a raw Leptos signal write, each read by one effect; and a selector
//! whose value does not change against the same memo over a raw signal.
//!
//! Run with `cargo bench -p leptos-state --bench store`. Both sides of each pair run in the
//! same process, interleaved, and the figure kept for each is the median of its rounds.
#![allow(clippy::print_stdout, reason = "a benchmark prints its figures")]

#[path = "support/compare.rs"]
mod compare;

use any_spawner::Executor;
use compare::{ROUNDS, WRITES_PER_ROUND, compare, counting_effect, report};
use leptos::prelude::*;
use leptos_state::Store;
use std::{hint::black_box, sync::atomic::Ordering};

#[derive(Clone, Default, PartialEq)]
struct State {
    count: u64,
    label: u64,
}

fn main() {
    Executor::init_futures_executor().expect("the benchmark sets the only executor");
    let owner = Owner::new();
    owner.set();

    // 1. One write that one effect reads.
    let signal = RwSignal::new(State::default());
    let signal_runs = counting_effect(move || {
        signal.with(|s| black_box(s.count));
    });
    let store = Store::new(State::default());
    let store_runs = counting_effect(move || {
        store.with(|s| black_box(s.count));
    });
    let writes = compare(
        |i| {
            signal.update(|s| s.count = i);
            Executor::poll_local();
        },
        |i| {
            store.update("count", |s| s.count = i).unwrap();
            Executor::poll_local();
        },
    );
    report(
        "store.update + 1 effect",
        "RwSignal::update + 1 effect",
        writes,
    );
    let expected = (WRITES_PER_ROUND * (ROUNDS + 1)) + 1;
    assert_eq!(
        signal_runs.load(Ordering::Relaxed),
        expected,
        "the signal's effect ran per write"
    );
    assert_eq!(
        store_runs.load(Ordering::Relaxed),
        expected,
        "the store's effect ran per write"
    );

    // 2. A write that leaves the selected value unchanged: the effect must not run.
    let signal = RwSignal::new(State::default());
    let signal_count = Memo::new(move |_| signal.with(|s| s.count));
    let signal_runs = counting_effect(move || {
        black_box(signal_count.get());
    });
    let store = Store::new(State::default());
    let store_count = store.select(|s| s.count);
    let store_runs = counting_effect(move || {
        black_box(store_count.get());
    });
    let unchanged = compare(
        |i| {
            signal.update(|s| s.label = i);
            Executor::poll_local();
        },
        |i| {
            store.update("label", |s| s.label = i).unwrap();
            Executor::poll_local();
        },
    );
    report(
        "store.select, value unchanged",
        "Memo over RwSignal, value unchanged",
        unchanged,
    );
    assert_eq!(
        signal_runs.load(Ordering::Relaxed),
        1,
        "the memo's effect never re-ran"
    );
    assert_eq!(
        store_runs.load(Ordering::Relaxed),
        1,
        "the selector's effect never re-ran"
    );
    println!(
        "effect runs after {} unchanged writes each: memo 0, selector 0",
        WRITES_PER_ROUND * (ROUNDS + 1)
    );
}
