//! Undo history: the cost of adding a step when the history is full, at a limit of 10,000
//! steps against a limit of 10 (dropping the oldest step must not copy the history), and the
//! cost history adds to a slice write.
//!
//! Run with `cargo bench -p leptos-state --bench history`. The two sides of each pair run in
//! the same process, interleaved; each figure is the median of its rounds.
#![allow(clippy::print_stdout, reason = "a benchmark prints its figures")]

#[path = "support/compare.rs"]
mod compare;

use any_spawner::Executor;
use compare::{compare, report_against};
use leptos::prelude::*;
use leptos_state::{History, HistoryOptions, State, Store};

#[derive(State, Clone, Default, PartialEq)]
struct Counter {
    count: u64,
}

/// A store whose history holds `limit` steps already, so every write drops the oldest.
fn full_history(limit: usize) -> (Store<Counter>, History<Counter>) {
    let store = Store::new(Counter::default());
    let history = History::attach(store, HistoryOptions::new().limit(limit));
    for i in 0..limit as u64 {
        store.count().set(i + 1);
    }
    assert_eq!(history.past_len(), limit);
    (store, history)
}

fn main() {
    Executor::init_futures_executor().expect("the benchmark sets the only executor");
    let owner = Owner::new();
    owner.set();

    // 1. A step added at the limit: 10,000 steps against 10.
    let (small, small_history) = full_history(10);
    let (large, large_history) = full_history(10_000);
    let pushes = compare(|i| small.count().set(i), |i| large.count().set(i));
    report_against(
        "slice set, history full at 10,000 steps",
        "slice set, history full at 10 steps",
        pushes,
        1.05,
    );
    assert_eq!(small_history.past_len(), 10);
    assert_eq!(large_history.past_len(), 10_000);

    // 2. What recording costs a write at all.
    let bare = Store::new(Counter::default());
    let writes = compare(|i| bare.count().set(i), |i| large.count().set(i));
    report_against(
        "slice set, history full at 10,000 steps",
        "slice set, no history",
        writes,
        f64::INFINITY,
    );
}
