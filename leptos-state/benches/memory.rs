//! Heap per row: 10,000 rows of js-framework-benchmark's shape (an id and a label), each read
//! by its own effect as a keyed `<For/>` row would be, held three ways: a leptos-state store
//! with keyed rows read through slices, plain Leptos signals (a signal of rows whose labels
//! are signals, as the benchmark's own Leptos entry holds them), and the rows' data alone.
//!
//! Run with `cargo bench -p leptos-state --bench memory`. Heap bytes are counted by `dhat`'s
//! allocator, exactly, in this process.
#![allow(clippy::print_stdout, reason = "a benchmark prints its figures")]

use any_spawner::Executor;
use dhat::HeapStats;
use leptos::prelude::*;
use leptos_state::{State, Store};
use std::hint::black_box;

#[global_allocator]
static ALLOC: dhat::Alloc = dhat::Alloc;

const ROWS: u32 = 10_000;

#[derive(State, Clone, PartialEq)]
struct Row {
    id: u32,
    label: String,
}

#[derive(State, Clone, PartialEq, Default)]
struct Table {
    #[state(key = |r| r.id)]
    rows: Vec<Row>,
    selected: Option<u32>,
}

/// A row as plain Leptos holds it: the label that changes is a signal.
struct SignalRow {
    id: u32,
    label: ArcRwSignal<String>,
}

fn heap() -> usize {
    HeapStats::get().curr_bytes
}

fn rows() -> Vec<Row> {
    (0..ROWS)
        .map(|id| Row {
            id,
            label: format!("row number {id}"),
        })
        .collect()
}

/// Heap bytes held by what `build` makes and leaves alive (its effects included), once
/// due effects have run.
fn held<T>(build: impl FnOnce() -> T) -> (usize, T) {
    let before = heap();
    let built = build();
    Executor::poll_local();
    (heap() - before, built)
}

fn main() {
    let _profiler = dhat::Profiler::builder().testing().build();
    Executor::init_futures_executor().expect("the benchmark sets the only executor");
    let owner = Owner::new();
    owner.set();

    let (data, kept_data) = held(rows);

    let (signals, kept_signals) = held(|| {
        let table = RwSignal::new(
            rows()
                .into_iter()
                .map(|row| SignalRow {
                    id: row.id,
                    label: ArcRwSignal::new(row.label),
                })
                .collect::<Vec<_>>(),
        );
        let labels: Vec<_> = table
            .with_untracked(|rows| rows.iter().map(|row| (row.id, row.label.clone())).collect());
        for (id, label) in labels {
            Effect::new(move |_| {
                black_box((id, label.with(String::len)));
            });
        }
        Effect::new(move |_| {
            black_box(table.with(|rows| rows.iter().map(|row| row.id).collect::<Vec<_>>()));
        });
        table
    });

    let (store, kept_store) = held(|| {
        let store = Store::new(Table {
            rows: rows(),
            selected: None,
        });
        for id in 0..ROWS {
            Effect::new(move |_| {
                black_box(store.rows().by_key(id).label().try_with(String::len));
            });
        }
        Effect::new(move |_| {
            black_box(store.rows().keys());
        });
        store
    });

    // Every row is still there, and reads as what it was made with.
    assert_eq!(kept_data.len(), ROWS as usize);
    assert_eq!(kept_signals.with_untracked(Vec::len), ROWS as usize);
    assert_eq!(
        kept_store.rows().by_key(7).label().get_untracked(),
        "row number 7"
    );

    // A store's first change copies its initial state, which `reset` needs.
    let before = heap();
    kept_store.selected().set(Some(1));
    let first_change = heap() - before;

    let per_row = |bytes: usize| bytes as f64 / f64::from(ROWS);
    println!(
        "heap per row, {ROWS} rows each read by an effect:\n  \
         leptos-state store, keyed slices   {:>7.0} bytes\n  \
         plain Leptos signals               {:>7.0} bytes   (ratio {:.2}, a figure, no target)\n  \
         the rows' data alone               {:>7.0} bytes\n  \
         the store's first change adds      {:>7.0} bytes   (its copy of the initial state, for \
         reset)",
        per_row(store),
        per_row(signals),
        store as f64 / signals as f64,
        per_row(data),
        per_row(first_change),
    );
}
