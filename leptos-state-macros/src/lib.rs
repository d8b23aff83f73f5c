//! Procedural macros for [leptos-state](https://docs.rs/leptos-state).
//!
//! Use them through `leptos_state`, which re-exports every macro of this crate.
#![deny(missing_docs)]
