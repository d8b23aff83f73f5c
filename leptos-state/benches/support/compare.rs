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
pub(crate) fn compare(mut baseline: impl Case, mut candidate: impl Case) -> (f64, f64) {
    let mut base = Vec::with_capacity(ROUNDS);
    let mut cand = Vec::with_capacity(ROUNDS);
    let mut i = 0_u64;
    let mut round = |case: &mut dyn Case, into: &mut Vec<f64>| {
        let start = Instant::now();
        for _ in 0..WRITES_PER_ROUND {
            i += 1;
            case.write(i);
        }
        into.push(start.elapsed().as_nanos() as f64 / WRITES_PER_ROUND as f64);
    };
    // Warm up both sides before measuring.
    round(&mut baseline, &mut Vec::new());
    round(&mut candidate, &mut Vec::new());
    for _ in 0..ROUNDS {
        round(&mut baseline, &mut base);
        round(&mut candidate, &mut cand);
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
