//! [`Logger`]: prints every change.

use crate::{Change, Middleware};
use std::fmt::Debug;

/// Middleware that prints every change it lets through, with the new state.
///
/// In the browser it writes to the console (`console.log`); natively it logs through the
/// [`log`](https://docs.rs/log) facade at the `info` level with the target `leptos_state`, so
/// any `log` backend shows it. A line reads:
///
/// ```text
/// counter: "increment" (user, touched (root)) at src/app.rs:12:9 => Counter { count: 1 }
/// ```
///
/// Attach it last to log only the changes every other middleware accepted. Refused changes are
/// not logged: their writers get the error.
///
/// # Examples
///
/// ```
/// use leptos_state::{ArcStore, Logger};
///
/// let store = ArcStore::new(0);
/// store.attach(Logger::new());
/// store.update("increment", |n| *n += 1).unwrap();
/// ```
#[derive(Debug, Clone, Default)]
pub struct Logger {
    _private: (),
}

impl Logger {
    /// A logger that prints to the browser console on wasm and to `log` elsewhere.
    pub fn new() -> Self {
        Logger::default()
    }
}

impl<S: Debug> Middleware<S> for Logger {
    fn name(&self) -> &str {
        "logger"
    }

    fn after(&self, change: &Change<'_>, state: &S) {
        write_line(&format!("{change} => {state:?}"));
    }

    fn may_refuse(&self) -> bool {
        false
    }
}

#[cfg(target_arch = "wasm32")]
fn write_line(line: &str) {
    web_sys::console::log_1(&line.into());
}

#[cfg(not(target_arch = "wasm32"))]
fn write_line(line: &str) {
    log::info!(target: "leptos_state", "{line}");
}
