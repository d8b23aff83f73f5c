//! The example's state: the todos (kept on the server, sent with the HTML), this browser's
//! preferences (kept in `localStorage`), and a machine that knows where the page was first
//! rendered.

use leptos_state::prelude::*;
use serde::{Deserialize, Serialize};

/// One todo.
#[derive(State, Clone, PartialEq, Debug, Serialize, Deserialize)]
pub struct Todo {
    /// Its key: the server's id, or a temporary one until the server has answered.
    pub id: u64,
    /// What to do.
    pub text: String,
    /// Whether it is done.
    pub done: bool,
}

/// The todos as the server keeps them.
#[derive(State, Clone, PartialEq, Debug, Default, Serialize, Deserialize)]
pub struct Todos {
    /// In the order they were added.
    #[state(key = |t| t.id)]
    pub todos: Vec<Todo>,
}

/// Temporary ids start here: the server's ids never get this high.
pub const TEMPORARY: u64 = 1 << 52;

/// Which todos the list shows.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default, Serialize, Deserialize)]
pub enum Filter {
    /// Every todo.
    #[default]
    All,
    /// The todos not done yet.
    Active,
    /// The todos done.
    Completed,
}

impl Filter {
    /// Whether the filter shows `todo`.
    pub fn shows(self, todo: &Todo) -> bool {
        match self {
            Filter::All => true,
            Filter::Active => !todo.done,
            Filter::Completed => todo.done,
        }
    }
}

/// What this browser remembers, in `localStorage`: loaded once the page has hydrated, so
/// that the first render matches the server's, which knows nothing of it.
#[derive(State, Clone, PartialEq, Debug, Default, Serialize, Deserialize)]
pub struct Prefs {
    /// Which todos the list shows.
    pub filter: Filter,
}

/// Where the page was first rendered.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug, Serialize, Deserialize)]
pub enum Origin {
    /// In the browser: nothing was sent from a server.
    Browser,
    /// On the server, which sent the machine's snapshot with the HTML.
    Server,
}

/// The server rendered the page.
#[derive(Debug, Clone)]
pub struct Rendered;

/// A machine that moves to [`Origin::Server`] when the server renders the page. The browser
/// never sends it [`Rendered`]: a hydrated page shows `Server` because the machine starts
/// from the snapshot the server sent.
pub fn origin_machine() -> Machine<Origin, Rendered, ()> {
    Machine::builder(())
        .initial(Origin::Browser)
        .state(Origin::Browser, |s| s.on(Rendered, Origin::Server))
        .state(Origin::Server, |s| s)
        .build()
        .expect("a valid machine")
}
