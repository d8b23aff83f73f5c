//! The leptos-state guide is the mdBook in `src/` (`mdbook build docs`). This crate holds
//! nothing else: it runs every Rust example of the guide as a doctest, so
//! `cargo test -p leptos-state-guide` fails when a chapter's code no longer compiles or its
//! assertions no longer hold.

/// Each chapter, as the doctests of one item.
#[cfg(doctest)]
mod chapters {
    #[doc = include_str!("src/introduction.md")]
    struct Introduction;
    #[doc = include_str!("src/first-store.md")]
    struct FirstStore;
    #[doc = include_str!("src/slices.md")]
    struct Slices;
    #[doc = include_str!("src/forms.md")]
    struct Forms;
    #[doc = include_str!("src/machines.md")]
    struct Machines;
    #[doc = include_str!("src/undo.md")]
    struct Undo;
    #[doc = include_str!("src/optimistic.md")]
    struct Optimistic;
    #[doc = include_str!("src/persistence.md")]
    struct Persistence;
    #[doc = include_str!("src/server-rendering.md")]
    struct ServerRendering;
    #[doc = include_str!("src/devtools.md")]
    struct Devtools;
    #[doc = include_str!("src/testing.md")]
    struct Testing;
}
