//! Where the panel sits on the page: a floating panel kept inside the window, a docked one
//! making room for the page beside it, and the size its inner edge is dragged to.

use crate::prefs::{Dock, Prefs};
use leptos::wasm_bindgen::JsCast;
use leptos::{html, prelude::*};

/// The smallest a docked panel gets, and the least of the page it leaves visible.
const MIN_PANEL: f64 = 180.0;
const MIN_PAGE: f64 = 120.0;

/// A width and a height, in CSS pixels.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Size {
    pub(crate) width: f64,
    pub(crate) height: f64,
}

/// The window's inner size.
pub(crate) fn viewport() -> Size {
    let window = window();
    let length = |value: Result<leptos::wasm_bindgen::JsValue, _>| {
        value.ok().and_then(|value| value.as_f64()).unwrap_or(0.0)
    };
    Size {
        width: length(window.inner_width()),
        height: length(window.inner_height()),
    }
}

/// The panel's size as laid out, once it is in the page.
pub(crate) fn size_of(panel: NodeRef<html::Aside>) -> Option<Size> {
    let rect = panel.get_untracked()?.get_bounding_client_rect();
    Some(Size {
        width: rect.width(),
        height: rect.height(),
    })
}

/// `(x, y)` moved as little as possible for a `panel` there to be inside `window`; the
/// top-left corner wins when the panel is larger than the window.
pub(crate) fn inside(x: f64, y: f64, panel: Size, window: Size) -> (f64, f64) {
    (
        x.min(window.width - panel.width).max(0.0),
        y.min(window.height - panel.height).max(0.0),
    )
}

/// A docked panel's size across the page (its width, or its height docked at the bottom),
/// kept between [`MIN_PANEL`] and what leaves [`MIN_PAGE`] of the page.
pub(crate) fn docked_size(prefs: &Prefs, window: Size) -> f64 {
    let (wanted, across) = match prefs.dock {
        Dock::Bottom => (prefs.height, window.height),
        _ => (prefs.width, window.width),
    };
    wanted.min(across - MIN_PAGE).max(MIN_PANEL.min(across))
}

/// Sets the docked panel's size from where its inner edge was dragged to.
pub(crate) fn drag_edge(prefs: &mut Prefs, x: f64, y: f64, window: Size) {
    match prefs.dock {
        Dock::Right => prefs.width = window.width - x,
        Dock::Left => prefs.width = x,
        Dock::Bottom => prefs.height = window.height - y,
        Dock::Float => return,
    }
    let size = docked_size(prefs, window);
    match prefs.dock {
        Dock::Bottom => prefs.height = size,
        _ => prefs.width = size,
    }
}

/// Makes room for a docked panel of `size` on the side `dock` says, by padding the page's
/// root element on that side (its stylesheet reads the attribute and the property set
/// here); `None` gives the room back. The page's own inline styles are left alone.
pub(crate) fn make_room(docked: Option<(Dock, f64)>) {
    let Some(root) = document()
        .document_element()
        .and_then(|root| root.dyn_into::<web_sys::HtmlElement>().ok())
    else {
        return;
    };
    match docked {
        Some((dock, size)) if dock != Dock::Float => {
            let _ = root.set_attribute("data-lsd-dock", dock.as_str());
            let _ = root
                .style()
                .set_property("--lsd-room", &format!("{size}px"));
        }
        _ => {
            let _ = root.remove_attribute("data-lsd-dock");
            let _ = root.style().remove_property("--lsd-room");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const WINDOW: Size = Size {
        width: 1000.0,
        height: 800.0,
    };
    const PANEL: Size = Size {
        width: 460.0,
        height: 500.0,
    };

    #[test]
    fn a_floating_panel_is_moved_back_inside_the_window() {
        assert_eq!(inside(100.0, 50.0, PANEL, WINDOW), (100.0, 50.0));
        assert_eq!(inside(900.0, 700.0, PANEL, WINDOW), (540.0, 300.0));
        assert_eq!(inside(-30.0, -5.0, PANEL, WINDOW), (0.0, 0.0));
        // Larger than the window: its title bar stays reachable at the top left.
        let small = Size {
            width: 300.0,
            height: 200.0,
        };
        assert_eq!(inside(50.0, 50.0, PANEL, small), (0.0, 0.0));
    }

    #[test]
    fn a_docked_panel_keeps_some_of_the_page_and_some_of_itself() {
        let mut prefs = Prefs {
            dock: Dock::Right,
            ..Prefs::default()
        };
        drag_edge(&mut prefs, 600.0, 0.0, WINDOW);
        assert_eq!(prefs.width, 400.0);
        drag_edge(&mut prefs, 10.0, 0.0, WINDOW);
        assert_eq!(prefs.width, WINDOW.width - MIN_PAGE);
        drag_edge(&mut prefs, 990.0, 0.0, WINDOW);
        assert_eq!(prefs.width, MIN_PANEL);

        prefs.dock = Dock::Left;
        drag_edge(&mut prefs, 300.0, 0.0, WINDOW);
        assert_eq!(prefs.width, 300.0);

        prefs.dock = Dock::Bottom;
        drag_edge(&mut prefs, 0.0, 500.0, WINDOW);
        assert_eq!(prefs.height, 300.0);
        // A window that shrank below the saved size shrinks the panel with it.
        let short = Size {
            width: 1000.0,
            height: 350.0,
        };
        assert_eq!(docked_size(&prefs, short), 230.0);
    }
}
