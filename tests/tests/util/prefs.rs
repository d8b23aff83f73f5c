//! The state and set-up shared by the persistence browser tests.
#![allow(dead_code, reason = "each test file uses part of this file")]

use leptos::prelude::Owner;
use leptos_state::State;
use serde::{Deserialize, Serialize};

/// Settings with one field that is not persisted.
#[derive(State, Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub(crate) struct Prefs {
    pub(crate) theme: String,
    pub(crate) volume: u32,
    #[state(persist = false)]
    pub(crate) session: String,
}

/// An owner for one test, with the executor that effects and `settle` need.
pub(crate) fn start() -> Owner {
    // Later calls report that it is already set.
    let _ = any_spawner::Executor::init_wasm_bindgen();
    Owner::new()
}
