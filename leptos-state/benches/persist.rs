//! Persistence: 1,000 changes in one tick make one write, and what persistence adds to a
//! write while it waits; the time to hydrate a 10,000-todo state from the `Memory` backend
//! against parsing the same JSON by hand. (The browser backends are measured in
//! `tests/tests/persist_bench.rs`.)
//!
//! Run with `cargo bench -p leptos-state --bench persist`.
#![allow(clippy::print_stdout, reason = "a benchmark prints its figures")]

#[path = "support/compare.rs"]
mod compare;

use compare::{compare, median, report_against};
use leptos::prelude::*;
use leptos_state::{ArcStore, ManualClock, Memory, PersistOptions, State};
use serde::{Deserialize, Serialize};
use std::time::Instant;

#[derive(State, Clone, Default, PartialEq, Serialize, Deserialize)]
struct Todo {
    id: u32,
    text: String,
    done: bool,
}

#[derive(State, Clone, Default, PartialEq, Serialize, Deserialize)]
struct Todos {
    #[state(key = |t| t.id)]
    todos: Vec<Todo>,
    #[state(persist = false)]
    #[serde(default)]
    filter: String,
}

fn todos(count: u32) -> Todos {
    Todos {
        todos: (0..count)
            .map(|id| Todo {
                id,
                text: format!("todo number {id}, with some words to make it realistic"),
                done: id % 3 == 0,
            })
            .collect(),
        filter: String::new(),
    }
}

fn main() {
    // 1. One tick's changes make one write.
    let disk = Memory::new("count");
    let clock = ManualClock::new();
    let store = ArcStore::new(0_u64);
    store
        .persist_any(disk.clone(), PersistOptions::new().clock(clock.clone()))
        .expect("valid options");
    for _ in 0..1_000 {
        store
            .update("increment", |n| *n += 1)
            .expect("no middleware");
    }
    clock.advance(0);
    println!(
        "{:<44} {} write(s) for 1,000 changes (target: 1)",
        "persist: changes in one tick",
        disk.writes()
    );
    assert_eq!(disk.writes(), 1);

    // 2. What a change costs while its write waits for the tick.
    let bare = ArcStore::new(0_u64);
    let waiting = compare(
        |i| bare.set("set", i).expect("no middleware"),
        |i| store.set("set", i).expect("no middleware"),
    );
    report_against(
        "store set, persisted (write pending)",
        "store set, not persisted",
        waiting,
        f64::INFINITY,
    );

    // 3. Hydrating 10,000 todos from Memory, against parsing the same text by hand.
    let disk = Memory::new("todos");
    let source = ArcStore::new(todos(10_000));
    source
        .persist(disk.clone(), PersistOptions::new())
        .expect("valid options");
    source
        .update("touch", |t| t.filter = "all".into())
        .expect("no middleware");
    let text = disk.raw().expect("written");
    let mut by_hand = Vec::new();
    let mut hydrating = Vec::new();
    for _ in 0..15 {
        let start = Instant::now();
        let record: serde_json::Value = serde_json::from_str(&text).expect("valid JSON");
        let parsed: Todos = serde_json::from_value(record["state"].clone()).expect("a state");
        by_hand.push(start.elapsed().as_secs_f64() * 1e3);
        assert_eq!(parsed.todos.len(), 10_000);

        let store = ArcStore::new(Todos::default());
        let start = Instant::now();
        store
            .persist(disk.clone(), PersistOptions::new())
            .expect("valid options");
        hydrating.push(start.elapsed().as_secs_f64() * 1e3);
        assert_eq!(store.with_untracked(|t| t.todos.len()), 10_000);
    }
    let (by_hand, hydrating) = (median(by_hand), median(hydrating));
    println!(
        "{:<44} {hydrating:>8.2} ms   {:<36} {by_hand:>8.2} ms   ratio {:.2} (a figure, no target)",
        "persist: hydrate 10,000 todos from Memory",
        "serde_json parse of the same text",
        hydrating / by_hand
    );
}
