//! What inspecting a store costs: a slice write to a TodoMVC-like store of 1,000 todos that
//! the devtools inspect, with nothing watching (the panel closed) and with the panel open,
//! against the same write to a store that is not inspected.
//!
//! Run with `cargo bench -p leptos-state --features devtools --bench devtools`. The sides run
//! in the same process, interleaved, and the figure kept for each is the median of its rounds.
#![allow(clippy::print_stdout, reason = "a benchmark prints its figures")]

#[path = "support/compare.rs"]
mod compare;

use any_spawner::Executor;
use compare::{compare, report, report_against};
use leptos::prelude::*;
use leptos_state::{State, Store, VecSlice, devtools};
use serde::{Deserialize, Serialize};

#[derive(State, Clone, PartialEq, Serialize, Deserialize)]
struct Todo {
    id: u32,
    text: String,
    done: bool,
}

#[derive(State, Clone, PartialEq, Default, Serialize, Deserialize)]
struct Todos {
    todos: Vec<Todo>,
    #[state(redact)]
    token: String,
}

fn todos() -> Todos {
    Todos {
        todos: (0..1_000)
            .map(|id| Todo {
                id,
                text: format!("todo number {id}"),
                done: false,
            })
            .collect(),
        token: "secret".into(),
    }
}

fn main() {
    Executor::init_futures_executor().expect("the benchmark sets the only executor");
    let owner = Owner::new();
    owner.set();

    let plain = Store::new(todos());
    let inspected = Store::new(todos());
    inspected.inspect();
    let toggle = |store: Store<Todos>, i: u64| {
        store
            .todos()
            .at((i % 1_000) as usize)
            .done()
            .set(i.is_multiple_of(2));
    };

    let closed = compare(|i| toggle(plain, i), |i| toggle(inspected, i));
    report(
        "slice write, inspected, devtools closed",
        "slice write, not inspected",
        closed,
    );

    let watching = devtools::watch();
    let open = compare(|i| toggle(plain, i), |i| toggle(inspected, i));
    // The open panel's price: each write copies the state for the log.
    report_against(
        "same, devtools open (copies 1,000 todos)",
        "slice write, not inspected",
        open,
        f64::INFINITY,
    );
    drop(watching);
}
