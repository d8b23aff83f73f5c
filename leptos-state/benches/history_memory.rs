//! Undo history's memory: the heap held by 1,000 single-field edits to a state holding
//! 10,000 todos, against what a history of full snapshots would hold for the same edits;
//! and by 1,000 whole-store changes to the same state, each of which changes one todo (a
//! step holds its diff, not a copy of the state).
//!
//! Run with `cargo bench -p leptos-state --bench history_memory`. Heap bytes are counted by
//! `dhat`'s allocator, exactly, in this process.
#![allow(clippy::print_stdout, reason = "a benchmark prints its figures")]

use any_spawner::Executor;
use dhat::HeapStats;
use leptos::prelude::*;
use leptos_state::{History, HistoryOptions, State, Store};

#[global_allocator]
static ALLOC: dhat::Alloc = dhat::Alloc;

#[derive(State, Clone, PartialEq)]
struct Todo {
    id: u32,
    text: String,
    done: bool,
}

#[derive(State, Clone, PartialEq, Default)]
struct Todos {
    #[state(key = |t| t.id)]
    todos: Vec<Todo>,
}

const TODOS: u32 = 10_000;
const EDITS: u32 = 1_000;

fn heap() -> usize {
    HeapStats::get().curr_bytes
}

fn store() -> Store<Todos> {
    Store::new(Todos {
        todos: (0..TODOS)
            .map(|id| Todo {
                id,
                text: format!("todo number {id}"),
                done: false,
            })
            .collect(),
    })
}

/// Heap bytes that 1,000 edits to the text of different todos leave allocated.
fn edits(store: Store<Todos>) -> usize {
    let before = heap();
    for edit in 0..EDITS {
        let id = edit * (TODOS / EDITS);
        store
            .todos()
            .by_key(id)
            .text()
            .set(format!("edited todo {id}"));
    }
    heap() - before
}

/// Heap bytes that 1,000 whole-store changes, each to the text of one todo, leave allocated.
fn whole_store_edits(store: Store<Todos>) -> usize {
    let before = heap();
    for edit in 0..EDITS {
        let id = edit * (TODOS / EDITS);
        store
            .update("rename", |todos| {
                todos.todos[id as usize].text = format!("edited todo {id}");
            })
            .unwrap();
    }
    heap() - before
}

fn main() {
    let _profiler = dhat::Profiler::builder().testing().build();
    Executor::init_futures_executor().expect("the benchmark sets the only executor");
    let owner = Owner::new();
    owner.set();

    // The same edits without history: what the store itself keeps (the notification
    // tree's nodes for the edited rows, the longer texts).
    let bare = edits(store());

    let recorded = store();
    let history = History::attach(recorded, HistoryOptions::new().limit(EDITS as usize));
    let with_history = edits(recorded);
    assert_eq!(history.past_len(), EDITS as usize);
    let held = with_history - bare;

    let before = heap();
    let snapshot = recorded.get_untracked();
    let one_snapshot = heap() - before;
    drop(snapshot);

    println!(
        "history of {EDITS} single-field edits, {TODOS} todos   {:>9.1} KB held   ({:.0} bytes \
         per step; target < 100 KB)",
        held as f64 / 1024.0,
        held as f64 / f64::from(EDITS),
    );
    println!(
        "snapshot history of the same edits                {:>9.1} KB         ({:.0} KB per \
         snapshot; ratio {:.5})",
        (one_snapshot * EDITS as usize) as f64 / 1024.0,
        one_snapshot as f64 / 1024.0,
        held as f64 / (one_snapshot * EDITS as usize) as f64,
    );

    // The same edits as whole-store changes: each step is the diff (one todo's text), not
    // the state it started from.
    let bare = whole_store_edits(store());
    let recorded = store();
    let history = History::attach(recorded, HistoryOptions::new().limit(EDITS as usize));
    let with_history = whole_store_edits(recorded);
    assert_eq!(history.past_len(), EDITS as usize);
    let held = with_history - bare;
    println!(
        "history of {EDITS} whole-store changes of one todo    {:>9.1} KB held   ({:.0} bytes \
         per step; ratio to snapshots {:.5}, target < 0.001)",
        held as f64 / 1024.0,
        held as f64 / f64::from(EDITS),
        held as f64 / (one_snapshot * EDITS as usize) as f64,
    );
}
