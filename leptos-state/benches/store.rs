//! A store write against a raw Leptos signal write, each read by one effect; a selector
//! whose value does not change against the same memo over a raw signal; creating a store of
//! 10,000 rows against a signal of the same value; and a whole-store update of that state
//! with middleware attached against the same update without, the rows a plain `Vec` and in
//! a `CopyOnWrite`.
//!
//! Run with `cargo bench -p leptos-state --bench store`. Both sides of each pair run in the
//! same process, interleaved, and the figure kept for each is the median of its rounds.
#![allow(clippy::print_stdout, reason = "a benchmark prints its figures")]

#[path = "support/compare.rs"]
mod compare;

use any_spawner::Executor;
use compare::{
    ROUNDS, WRITES_PER_ROUND, compare, compare_consuming, compare_n, counting_effect, report,
    report_against,
};
use leptos::prelude::*;
use leptos_state::{Change, CopyOnWrite, Middleware, State as DeriveState, Store, Validate};
use std::{hint::black_box, sync::atomic::Ordering};

#[derive(Clone, Default, PartialEq)]
struct State {
    count: u64,
    label: u64,
}

/// A row as js-framework-benchmark's rows are: an id and a label.
#[derive(Clone, PartialEq)]
struct Row {
    id: u32,
    label: String,
}

#[derive(DeriveState, Clone, PartialEq)]
struct Table {
    rows: Vec<Row>,
    selected: u64,
}

/// The same table, its rows in a `CopyOnWrite`: the copies the store keeps share them.
#[derive(DeriveState, Clone, PartialEq)]
struct SharedTable {
    rows: CopyOnWrite<Vec<Row>>,
    selected: u64,
}

fn rows() -> Vec<Row> {
    (0..10_000)
        .map(|id| Row {
            id,
            label: format!("row number {id}"),
        })
        .collect()
}

fn table() -> Table {
    Table {
        rows: rows(),
        selected: 0,
    }
}

fn shared_table() -> SharedTable {
    SharedTable {
        rows: rows().into(),
        selected: 0,
    }
}

fn at_most_100_000_rows(rows: &[Row]) -> Result<(), &'static str> {
    if rows.len() <= 100_000 {
        Ok(())
    } else {
        Err("too many rows")
    }
}

/// A middleware that only counts the changes it sees.
struct Counting;

impl<S> Middleware<S> for Counting {
    fn name(&self) -> &str {
        "counting"
    }

    fn after(&self, change: &Change<'_>, _: &S) {
        black_box(change.action());
    }

    fn may_refuse(&self) -> bool {
        false
    }
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

    // 3. Creating a store of 10,000 rows against a signal of the same value.
    let rows = table();
    let created = compare_consuming(
        200,
        || rows.clone(),
        |value| {
            RwSignal::new(value);
        },
        |value| {
            Store::new(value);
        },
    );
    report_against(
        "Store::new, 10,000 rows",
        "RwSignal::new, same value",
        created,
        2.0,
    );

    // 4. A whole-store update of 10,000 rows with middleware attached, against the same
    //    update of a store without.
    let bare = Store::new(table());
    let watched = Store::new(table());
    watched.attach(Counting);
    let updates = compare(
        |i| {
            bare.update("select", |t| t.selected = i).unwrap();
        },
        |i| {
            watched.update("select", |t| t.selected = i).unwrap();
        },
    );
    report_against(
        "update, 10,000 rows, a watching middleware",
        "update, same store without middleware",
        updates,
        5.0,
    );
    let validated = Store::new(table());
    validated.attach(Validate::new(|t: &Table| at_most_100_000_rows(&t.rows)));
    let updates = compare_n(
        WRITES_PER_ROUND / 100,
        |i| {
            bare.update("select", |t| t.selected = i).unwrap();
        },
        |i| {
            validated.update("select", |t| t.selected = i).unwrap();
        },
    );
    report_against(
        "update, 10,000 rows, Validate (may refuse)",
        "update, same store without middleware",
        updates,
        f64::INFINITY,
    );
    // The same update of a table whose rows are in a `CopyOnWrite`: the copy kept for a
    // refusal shares the rows.
    let shared_bare = Store::new(shared_table());
    let shared_validated = Store::new(shared_table());
    shared_validated.attach(Validate::new(|t: &SharedTable| {
        at_most_100_000_rows(&t.rows)
    }));
    let updates = compare(
        |i| {
            shared_bare.update("select", |t| t.selected = i).unwrap();
        },
        |i| {
            shared_validated
                .update("select", |t| t.selected = i)
                .unwrap();
        },
    );
    report_against(
        "update, CopyOnWrite rows, Validate",
        "update, same store without middleware",
        updates,
        5.0,
    );
    // An update that writes a row copies the shared rows once: the cost the plain field pays
    // on every update.
    let updates = compare_n(
        WRITES_PER_ROUND / 100,
        |i| {
            shared_bare
                .update("label", |t| t.rows[7].id = i as u32)
                .unwrap();
        },
        |i| {
            shared_validated
                .update("label", |t| t.rows[7].id = i as u32)
                .unwrap();
        },
    );
    report_against(
        "update writing a row, CopyOnWrite, Validate",
        "update, same store without middleware",
        updates,
        f64::INFINITY,
    );
    // The same change through the field's slice keeps only the field's old value.
    let writes = compare(|i| bare.selected().set(i), |i| validated.selected().set(i));
    report_against(
        "slice set, 10,000 rows, Validate",
        "slice set, same store without middleware",
        writes,
        5.0,
    );
}
