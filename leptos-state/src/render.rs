//! Where the code runs: rendering on the server, hydrating the server's HTML in the browser,
//! or in the browser otherwise. What the store keeps from the server, and when persistence
//! reads, depend on it; the library picks no rendering mode of its own, so it asks Leptos'
//! shared context at run time.

use hydration_context::SharedContext;
use reactive_graph::owner::Owner;
use std::sync::Arc;

/// Where the code runs now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Rendering {
    /// Rendering HTML on the server: no browser, no storage, no effects.
    Server,
    /// In the browser, hydrating the server's HTML: the first render must match it.
    Hydrating,
    /// In the browser (or a native test) with no hydration under way.
    Browser,
}

/// Where the code runs now, from the current owner's shared context.
pub(crate) fn rendering() -> Rendering {
    match Owner::current_shared_context() {
        Some(context) if !context.is_browser() => Rendering::Server,
        Some(context) if context.during_hydration() => Rendering::Hydrating,
        _ => Rendering::Browser,
    }
}

/// The current shared context, when a server render or a hydration is under way.
pub(crate) fn shared_context() -> Option<Arc<dyn SharedContext + Send + Sync>> {
    Owner::current_shared_context().filter(|context| {
        // Browser contexts outside hydration carry nothing from the server.
        !context.is_browser() || context.during_hydration()
    })
}
