//! How long hydration takes, in the browser: from the start of `hydrate()` to the first
//! effect after it, written into `window.__hydration_ms` for the benchmark to read.

use std::sync::atomic::{AtomicU64, Ordering};

/// When hydration began, as `f64` bits of `performance.now()`.
static STARTED: AtomicU64 = AtomicU64::new(0);

fn now() -> f64 {
    web_sys::window()
        .and_then(|window| window.performance())
        .map_or(0.0, |performance| performance.now())
}

/// Hydration begins.
pub(crate) fn start() {
    STARTED.store(now().to_bits(), Ordering::Relaxed);
}

/// Hydration is done: records how long it took.
pub(crate) fn done() {
    let took = now() - f64::from_bits(STARTED.load(Ordering::Relaxed));
    if let Some(window) = web_sys::window() {
        // The benchmark reads it; a page without the property has not hydrated yet.
        let _ = js_sys::Reflect::set(&window, &"__hydration_ms".into(), &took.into());
    }
}
