//! Flushing pending writes when the page is hidden or left.

use super::listener::Listener;
use web_sys::VisibilityState;

/// Calls `flush` when the page is hidden (`visibilitychange` to hidden) or left
/// (`pagehide`); the listeners stay until the returned value is dropped.
pub(crate) fn on_hide(flush: impl Fn() + Clone + 'static) -> Option<(Listener, Listener)> {
    let window = web_sys::window()?;
    let document = window.document()?;
    let on_pagehide = flush.clone();
    let left = Listener::add(&window, "pagehide", move |_| on_pagehide())?;
    let watched = document.clone();
    let hidden = Listener::add(&document, "visibilitychange", move |_| {
        if watched.visibility_state() == VisibilityState::Hidden {
            flush();
        }
    })?;
    Some((left, hidden))
}
