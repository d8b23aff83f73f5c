//! What the panel remembers across reloads, in `localStorage`: whether it is open, where it
//! is docked and how large, and where it floats.

use serde_json::{Value, json};

const KEY: &str = "leptos-state-devtools";

/// Where the panel sits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Dock {
    /// Along the right edge of the window, full height.
    #[default]
    Right,
    /// Along the left edge, full height.
    Left,
    /// Along the bottom edge, full width.
    Bottom,
    /// A window of its own, moved by dragging its title bar.
    Float,
}

impl Dock {
    pub(crate) const ALL: [Dock; 4] = [Dock::Right, Dock::Left, Dock::Bottom, Dock::Float];

    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Dock::Right => "right",
            Dock::Left => "left",
            Dock::Bottom => "bottom",
            Dock::Float => "float",
        }
    }

    fn parse(text: &str) -> Option<Dock> {
        Dock::ALL.into_iter().find(|dock| dock.as_str() == text)
    }
}

/// The panel's remembered layout.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Prefs {
    pub(crate) open: bool,
    pub(crate) dock: Dock,
    /// The floating panel's top-left corner, in CSS pixels.
    pub(crate) x: f64,
    pub(crate) y: f64,
    /// The panel's width docked right or left, and its height docked at the bottom.
    pub(crate) width: f64,
    pub(crate) height: f64,
}

impl Default for Prefs {
    fn default() -> Self {
        Prefs {
            open: false,
            dock: Dock::default(),
            x: 40.0,
            y: 40.0,
            width: 460.0,
            height: 340.0,
        }
    }
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

impl Prefs {
    /// The default layout, keeping whether the panel is open: what "reset" puts back.
    pub(crate) fn reset(self) -> Prefs {
        Prefs {
            open: self.open,
            ..Prefs::default()
        }
    }

    /// The saved layout; the default when nothing (or something unreadable) is saved.
    pub(crate) fn load() -> Prefs {
        let saved = storage()
            .and_then(|storage| storage.get_item(KEY).ok().flatten())
            .and_then(|text| serde_json::from_str::<Value>(&text).ok());
        let default = Prefs::default();
        let Some(saved) = saved else {
            return default;
        };
        Prefs {
            open: saved["open"].as_bool().unwrap_or(default.open),
            dock: saved["dock"]
                .as_str()
                .and_then(Dock::parse)
                .unwrap_or(default.dock),
            x: saved["x"].as_f64().unwrap_or(default.x),
            y: saved["y"].as_f64().unwrap_or(default.y),
            width: saved["width"].as_f64().unwrap_or(default.width),
            height: saved["height"].as_f64().unwrap_or(default.height),
        }
    }

    /// Saves the layout; a page without storage (private mode, a sandboxed frame) just
    /// forgets it.
    pub(crate) fn save(self) {
        let text = json!({
            "open": self.open,
            "dock": self.dock.as_str(),
            "x": self.x,
            "y": self.y,
            "width": self.width,
            "height": self.height,
        });
        if let Some(storage) = storage() {
            let _ = storage.set_item(KEY, &text.to_string());
        }
    }
}
