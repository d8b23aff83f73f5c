//! Machine sends: a flat two-state machine read by one effect against a raw `RwSignal` write
//! read by one effect; and a send inside a 3-level machine with two parallel regions.
//!
//! Run with `cargo bench -p leptos-state --bench machine`. The two sides of each pair run in
//! the same process, interleaved; each figure is the median of its rounds.
#![allow(clippy::print_stdout, reason = "a benchmark prints its figures")]

#[path = "support/compare.rs"]
mod compare;

use any_spawner::Executor;
use compare::{ROUNDS, WRITES_PER_ROUND, compare, counting_effect, report_against};
use leptos::prelude::*;
use leptos_state::{Actor, Machine};
use std::{hint::black_box, sync::atomic::Ordering};

#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
enum S {
    A,
    B,
    Top,
    Left,
    LeftMid,
    L1,
    L2,
    Right,
    RightMid,
    R1,
    R2,
}

#[derive(Debug)]
enum E {
    Toggle,
}

fn flat() -> Machine<S, E, ()> {
    Machine::builder(())
        .initial(S::A)
        .state(S::A, |s| s.on(E::Toggle, S::B))
        .state(S::B, |s| s.on(E::Toggle, S::A))
        .build()
        .unwrap()
}

/// `Top` (level 1) is parallel; each region (level 2) holds a compound state (level 3)
/// whose two leaves swap on `Toggle`.
fn nested() -> Machine<S, E, ()> {
    Machine::builder(())
        .initial(S::Top)
        .state(S::Top, |s| {
            s.parallel()
                .child(S::Left, |s| {
                    s.initial(S::LeftMid).child(S::LeftMid, |s| {
                        s.initial(S::L1)
                            .child(S::L1, |s| s.on(E::Toggle, S::L2))
                            .child(S::L2, |s| s.on(E::Toggle, S::L1))
                    })
                })
                .child(S::Right, |s| {
                    s.initial(S::RightMid).child(S::RightMid, |s| {
                        s.initial(S::R1)
                            .child(S::R1, |s| s.on(E::Toggle, S::R2))
                            .child(S::R2, |s| s.on(E::Toggle, S::R1))
                    })
                })
        })
        .build()
        .unwrap()
}

fn main() {
    Executor::init_futures_executor().expect("the benchmark sets the only executor");
    let owner = Owner::new();
    owner.set();
    let total = WRITES_PER_ROUND * (ROUNDS + 1);

    let flat = Actor::new(flat());
    let runs = send_against_signal(
        "send, flat machine + 1 effect",
        flat,
        move || {
            black_box(flat.matches(S::A));
        },
        1.1,
    );
    assert_eq!(runs, total + 1);

    let nested = Actor::new(nested());
    let runs = send_against_signal(
        "send, 3 levels x 2 regions + 1 effect",
        nested,
        move || {
            black_box(nested.state());
        },
        1.2,
    );
    assert_eq!(runs, total + 1);
    assert_eq!(nested.state().len(), 2, "both regions stay active");
}

/// Measures `Toggle` sent to `actor`, read by an effect running `read`, against a raw signal
/// write read by one effect; returns how many times the actor's effect ran.
fn send_against_signal(
    what: &str,
    actor: Actor<S, E, ()>,
    read: impl Fn() + 'static,
    target: f64,
) -> usize {
    let signal = RwSignal::new(false);
    counting_effect(move || {
        black_box(signal.get());
    });
    let runs = counting_effect(read);
    let sends = compare(
        |_| {
            signal.update(|on| *on = !*on);
            Executor::poll_local();
        },
        |_| {
            actor.send(E::Toggle);
            Executor::poll_local();
        },
    );
    report_against(what, "RwSignal::update + 1 effect", sends, target);
    runs.load(Ordering::Relaxed)
}
