//! Cross-crate and browser tests for leptos-state; the tests live in `tests/`.
//!
//! Browser tests run in headless Chromium:
//! `cargo test --target wasm32-unknown-unknown -p leptos-state-tests`.
