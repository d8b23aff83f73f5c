//! A bridge to the Redux DevTools browser extension (feature `redux-devtools`): every
//! [inspected](crate::ArcStore::inspect) store appears in the extension as one instance,
//! with its changes as actions. Off the browser (rendering on the server) there is no
//! extension, and [`connect`] returns `None`; in a server-rendered app the bridge connects
//! once the page has hydrated, as it follows the stores with an effect.
//!
//! [`connect`] connects the stores alive now and those inspected later, for as long as the
//! returned [`ReduxBridge`] lives. Each store gets `connect({ name, features })`, then
//! `init(state)`, then `send({ type: action, origin }, state)` after every change. The
//! monitor's buttons are answered:
//!
//! | Monitor | What the store does |
//! |---|---|
//! | jump to a state or an action | takes that state, as a change tagged [`Origin::Devtools`](crate::Origin::Devtools) |
//! | skip (toggle) an action | takes the state the other actions give when their diffs are replayed from the first state |
//! | import | takes the last state of the imported history, which the monitor then shows |
//! | commit | the current state becomes the first one; the actions are forgotten |
//! | rollback | goes back to the committed state |
//! | reset | goes back to the store's initial state |
//! | lock | refuses plain changes, undo and redo until unlocked or disconnected (see [`Inspector::set_locked`](super::Inspector::set_locked)) |
//! | pause | stops sending changes until resumed |
//!
//! The rest (reordering actions, dispatching actions typed in the monitor, generated tests,
//! persisting across reloads) cannot be honoured and is hidden through `features`; any
//! other dispatch is reported with `error(...)`. Lock and pause are sent back in the lifted
//! state (`isLocked`, `isPaused`), where the monitor reads them. States
//! are sent redacted, and a redacted field is never set from the monitor. A state the
//! store refuses (not of its type, refused by middleware) is reported with `error(...)` in
//! the monitor and leaves the store unchanged.
//!
//! While connected, the bridge [watches](super::watch) the devtools, so each change is
//! logged as it is with the panel open.

#[cfg(target_arch = "wasm32")]
mod browser;

#[cfg(target_arch = "wasm32")]
#[cfg_attr(docsrs, doc(cfg(target_arch = "wasm32")))]
pub use browser::{ReduxBridge, connect};

/// The name of the global the extension installs.
pub const EXTENSION: &str = "__REDUX_DEVTOOLS_EXTENSION__";

/// The connections of every inspected store to the extension; dropping it disconnects them.
/// Off the browser there is no extension, so there is never a bridge.
#[cfg(not(target_arch = "wasm32"))]
#[derive(Debug)]
#[must_use = "dropping the bridge disconnects every store from the extension at once; keep it \
              for as long as the app runs (e.g. in `StoredValue::new_local`)"]
pub struct ReduxBridge {
    _none: std::convert::Infallible,
}

/// Connects every inspected store to the Redux DevTools extension: off the browser
/// (rendering on the server) there is none, so `None`.
#[cfg(not(target_arch = "wasm32"))]
#[must_use = "dropping the bridge disconnects every store from the extension at once"]
pub fn connect() -> Option<ReduxBridge> {
    None
}
