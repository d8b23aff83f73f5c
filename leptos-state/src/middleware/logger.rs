//! [`Logger`]: prints every change.

use crate::{Change, Middleware, Redact};
use serde::Serialize;

/// Middleware that prints every change it lets through, with the new state as JSON, its
/// secrets hidden.
///
/// In the browser it writes to the console (`console.log`); natively it logs through the
/// [`log`](https://docs.rs/log) facade at the `info` level with the target `leptos_state`, so
/// any `log` backend shows it. A line reads:
///
/// ```text
/// session: "sign in" (user, touched (root)) at src/app.rs:12:9 => {"token":"[redacted]","user":"ada"}
/// ```
///
/// Every field marked `#[state(redact)]`, at any depth, is printed as
/// [`REDACTED`](crate::REDACTED), as the devtools show it: console output ends up in log
/// collectors. The state type says which fields those are through [`Redact`], which
/// `#[derive(State)]` implements; a store of another type needs an impl of its own (an empty
/// one for a type that holds no secret; plain values such as numbers and `String` have one).
/// A state that fails to serialize is printed as the reason it failed.
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

impl<S: Serialize + Redact> Middleware<S> for Logger {
    fn name(&self) -> &str {
        "logger"
    }

    fn after(&self, change: &Change<'_>, state: &S) {
        let shown = match serde_json::to_value(state) {
            Ok(mut json) => {
                S::redact_json(&mut json);
                json.to_string()
            }
            Err(err) => format!("(the state does not serialize: {err})"),
        };
        write_line(&format!("{change} => {shown}"));
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
