//! Slice writes: a field write against a raw `RwSignal` write and a `reactive_stores` field
//! write, each read by one effect; a keyed row toggle among 10,000 rows against 100, and a
//! random row's toggle among 10,000 against the same on raw per-row signals; and the keys of
//! 10,000 rows against collecting them by hand.
//!
//! Run with `cargo bench -p leptos-state --bench slices`. The two sides of each pair run in
//! the same process, interleaved; each figure is the median of its rounds.
#![allow(clippy::print_stdout, reason = "a benchmark prints its figures")]

#[path = "support/compare.rs"]
mod compare;

use any_spawner::Executor;
use compare::{ROUNDS, WRITES_PER_ROUND, compare, compare_n, counting_effect, report_against};
use leptos::prelude::*;
use leptos_state::{State, Store};
use std::{hint::black_box, sync::atomic::Ordering};

#[derive(State, reactive_stores::Store, Clone, Default, PartialEq)]
struct Counter {
    count: u64,
    label: u64,
}

#[derive(State, Clone, PartialEq)]
struct Row {
    id: u32,
    done: bool,
}

#[derive(State, Clone, PartialEq, Default)]
struct Board {
    #[state(key = |r| r.id)]
    rows: Vec<Row>,
}

/// A board of `rows` rows, each read by its own effect as a keyed `<For/>` row would be.
/// Returns the store and the run counters of the rows' effects.
fn board(
    rows: u32,
) -> (
    Store<Board>,
    Vec<std::sync::Arc<std::sync::atomic::AtomicUsize>>,
) {
    let store = Store::new(Board {
        rows: (0..rows).map(|id| Row { id, done: false }).collect(),
    });
    let runs = (0..rows)
        .map(|id| {
            counting_effect(move || {
                black_box(store.rows().by_key(id).done().get());
            })
        })
        .collect();
    (store, runs)
}

fn main() {
    Executor::init_futures_executor().expect("the benchmark sets the only executor");
    let owner = Owner::new();
    owner.set();
    let total_writes = WRITES_PER_ROUND * (ROUNDS + 1);

    // 1. A field write read by one effect, against the same write to a raw signal.
    let signal = RwSignal::new(Counter::default());
    counting_effect(move || {
        signal.with(|s| black_box(s.count));
    });
    let store = Store::new(Counter::default());
    let slice_runs = counting_effect(move || {
        black_box(store.count().get());
    });
    let writes = compare(
        |i| {
            signal.update(|s| s.count = i);
            Executor::poll_local();
        },
        |i| {
            store.count().set(i);
            Executor::poll_local();
        },
    );
    report_against(
        "slice set + 1 effect",
        "RwSignal::update + 1 effect",
        writes,
        1.3,
    );
    assert_eq!(slice_runs.load(Ordering::Relaxed), total_writes + 1);

    // 2. The same against a `reactive_stores` field of the same shape.
    let theirs = reactive_stores::Store::new(Counter::default());
    let their_runs = counting_effect(move || {
        black_box(theirs.count().get());
    });
    let store = Store::new(Counter::default());
    counting_effect(move || {
        black_box(store.count().get());
    });
    let writes = compare(
        |i| {
            theirs.count().set(i);
            Executor::poll_local();
        },
        |i| {
            store.count().set(i);
            Executor::poll_local();
        },
    );
    report_against(
        "slice set + 1 effect",
        "reactive_stores field set + 1 effect",
        writes,
        1.0,
    );
    assert_eq!(their_runs.load(Ordering::Relaxed), total_writes + 1);

    // 3. Toggling one keyed row among 10,000 against among 100.
    let (small, small_runs) = board(100);
    let (large, large_runs) = board(10_000);
    let toggles = compare(
        |_| {
            small.rows().by_key(50).done().update(|d| *d = !*d);
            Executor::poll_local();
        },
        |_| {
            large.rows().by_key(5_000).done().update(|d| *d = !*d);
            Executor::poll_local();
        },
    );
    report_against(
        "keyed toggle, 10,000 rows",
        "keyed toggle, 100 rows",
        toggles,
        1.2,
    );
    let ran: usize = large_runs
        .iter()
        .map(|runs| runs.load(Ordering::Relaxed))
        .sum();
    assert_eq!(
        ran,
        10_000 + total_writes,
        "only the toggled row's effect re-ran"
    );
    assert_eq!(small_runs[50].load(Ordering::Relaxed), total_writes + 1);
    println!(
        "effect runs after {total_writes} toggles among 10,000 rows: {} (the toggled row only)",
        ran - 10_000
    );

    // 4. Toggling a random row among 10,000: keyed rows against a raw signal per row, each
    //    read by its own effect. Both sides toggle the same sequence of rows.
    let signals: Vec<RwSignal<bool>> = (0..10_000).map(|_| RwSignal::new(false)).collect();
    for signal in &signals {
        let signal = *signal;
        counting_effect(move || {
            black_box(signal.get());
        });
    }
    let (keyed, _) = board(10_000);
    let mut raw_row = Random::new();
    let mut keyed_row = Random::new();
    let toggles = compare(
        |_| {
            signals[raw_row.below(10_000) as usize].update(|d| *d = !*d);
            Executor::poll_local();
        },
        |_| {
            keyed
                .rows()
                .by_key(keyed_row.below(10_000))
                .done()
                .update(|d| *d = !*d);
            Executor::poll_local();
        },
    );
    report_against(
        "keyed toggle, random row of 10,000",
        "RwSignal per row, same rows",
        toggles,
        1.2,
    );

    // 5. The keys of 10,000 rows, as `<For/>` reads them, against collecting them by hand.
    let keys = compare_n(
        WRITES_PER_ROUND / 100,
        |_| {
            black_box(keyed.with_untracked(|b| b.rows.iter().map(|r| r.id).collect::<Vec<_>>()));
        },
        |_| {
            black_box(keyed.rows().keys_untracked());
        },
    );
    report_against(
        "keys_untracked(), 10,000 rows",
        "collecting the ids by hand",
        keys,
        1.5,
    );
}

/// A small pseudo-random sequence (xorshift), the same on every run.
struct Random(u32);

impl Random {
    fn new() -> Self {
        Random(0x9e37_79b9)
    }

    fn below(&mut self, bound: u32) -> u32 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 17;
        self.0 ^= self.0 << 5;
        self.0 % bound
    }
}
