//! Measuring two cases against each other in one run, shared by the benchmarks.
#![allow(dead_code, reason = "each benchmark uses part of this file")]

use any_spawner::Executor;
use leptos::prelude::*;
use std::{
    sync::{
        Arc,
        atomic::{AtomicUsize, Ordering},
    },
    time::Instant,
};

pub(crate) const ROUNDS: usize = 15;
pub(crate) const WRITES_PER_ROUND: usize = 20_000;

/// One side of a comparison: does one write (and lets due effects run) per call.
pub(crate) trait Case {
    fn write(&mut self, i: u64);
}

impl<F: FnMut(u64)> Case for F {
    fn write(&mut self, i: u64) {
        self(i)
    }
}

/// Median nanoseconds per write for each of two cases, measured in alternating rounds.
pub(crate) fn compare(baseline: impl Case, candidate: impl Case) -> (f64, f64) {
    compare_n(WRITES_PER_ROUND, baseline, candidate)
}

/// [`compare`] with `per_round` writes a round, for cases that take microseconds each.
pub(crate) fn compare_n(
    per_round: usize,
    mut baseline: impl Case,
    mut candidate: impl Case,
) -> (f64, f64) {
    let mut i = 0_u64;
    alternate(|side| {
        let case: &mut dyn Case = match side {
            Side::Baseline => &mut baseline,
            Side::Candidate => &mut candidate,
        };
        let start = Instant::now();
        for _ in 0..per_round {
            i += 1;
            case.write(i);
        }
        start.elapsed().as_nanos() as f64 / per_round as f64
    })
}

/// Median nanoseconds per call for each of two cases that consume a value, measured in
/// alternating rounds of `per_round` calls. The values are made by `prepare` before a round
/// and what the calls return is dropped after it, neither of them timed; each round runs
/// under its own reactive owner, cleaned up after the round.
pub(crate) fn compare_consuming<T, R>(
    per_round: usize,
    mut prepare: impl FnMut() -> T,
    mut baseline: impl FnMut(T) -> R,
    mut candidate: impl FnMut(T) -> R,
) -> (f64, f64) {
    alternate(|side| {
        let case: &mut dyn FnMut(T) -> R = match side {
            Side::Baseline => &mut baseline,
            Side::Candidate => &mut candidate,
        };
        let values: Vec<T> = (0..per_round).map(|_| prepare()).collect();
        let owner = Owner::new();
        let (ns, made) = owner.with(|| {
            let mut made = Vec::with_capacity(per_round);
            let start = Instant::now();
            for value in values {
                made.push(case(value));
            }
            (start.elapsed().as_nanos() as f64 / per_round as f64, made)
        });
        drop(made);
        owner.cleanup();
        ns
    })
}

/// Which of the two cases a round measures.
enum Side {
    Baseline,
    Candidate,
}

/// Runs `round` for each side in turn, once each to warm up and then [`ROUNDS`] times each;
/// returns the median of each side's figures.
fn alternate(mut round: impl FnMut(Side) -> f64) -> (f64, f64) {
    round(Side::Baseline);
    round(Side::Candidate);
    let mut base = Vec::with_capacity(ROUNDS);
    let mut cand = Vec::with_capacity(ROUNDS);
    for _ in 0..ROUNDS {
        base.push(round(Side::Baseline));
        cand.push(round(Side::Candidate));
    }
    (median(base), median(cand))
}

pub(crate) fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

pub(crate) fn counting_effect(read: impl Fn() + 'static) -> Arc<AtomicUsize> {
    let runs = Arc::new(AtomicUsize::new(0));
    let counter = runs.clone();
    Effect::new(move |_| {
        read();
        counter.fetch_add(1, Ordering::Relaxed);
    });
    Executor::poll_local();
    runs
}

pub(crate) fn report(what: &str, baseline: &str, (base, cand): (f64, f64)) {
    report_against(what, baseline, (base, cand), 1.3);
}

/// Prints both figures and their ratio, with the ratio the project aims for.
pub(crate) fn report_against(what: &str, baseline: &str, (base, cand): (f64, f64), target: f64) {
    let target = if target.is_finite() {
        format!("target <= {target:.2}")
    } else {
        "a figure, no target".to_owned()
    };
    println!(
        "{what:<44} {cand:>8.1} ns/write   {baseline:<36} {base:>8.1} ns/write   ratio {:.2} \
         ({target})",
        cand / base
    );
}
