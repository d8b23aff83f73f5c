//! The server's side: the todos it keeps, in memory, and the server functions the page
//! calls. [`add_todo`] refuses a todo whose text contains "fail", so that a failure can be
//! made on demand.

use crate::model::Todo;
use leptos::prelude::*;

/// Saves a new todo after a short delay, like a real server; refuses it if its text contains
/// "fail". Answers with the todo as saved, with its id.
#[server]
pub async fn add_todo(text: String) -> Result<Todo, ServerFnError> {
    tokio::time::sleep(std::time::Duration::from_millis(400)).await;
    if text.contains("fail") {
        return Err(ServerFnError::new(format!("the server refused \"{text}\"")));
    }
    Ok(db::add(text))
}

/// Ticks or unticks a todo after a short delay; answers with whether it is done now.
#[server]
pub async fn toggle_todo(id: u64) -> Result<bool, ServerFnError> {
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    db::toggle(id).ok_or_else(|| ServerFnError::new(format!("there is no todo {id}")))
}

/// The todos now: what the server renders the page from. In the browser, where this runs
/// only if the page carries no todos (it always does when the server rendered it), there
/// are none to read.
pub fn todos_now() -> Vec<Todo> {
    #[cfg(feature = "ssr")]
    {
        db::all()
    }
    #[cfg(not(feature = "ssr"))]
    {
        Vec::new()
    }
}

/// The todos, in the server's memory, for as long as it runs.
#[cfg(feature = "ssr")]
pub mod db {
    use crate::model::Todo;
    use std::sync::{LazyLock, Mutex, MutexGuard, PoisonError};

    struct Db {
        todos: Vec<Todo>,
        next_id: u64,
    }

    static DB: LazyLock<Mutex<Db>> = LazyLock::new(|| {
        let todo = |id, text: &str| Todo {
            id,
            text: text.into(),
            done: false,
        };
        Mutex::new(Db {
            todos: vec![todo(1, "write the docs"), todo(2, "ship the release")],
            next_id: 3,
        })
    });

    fn db() -> MutexGuard<'static, Db> {
        DB.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Every todo.
    pub fn all() -> Vec<Todo> {
        db().todos.clone()
    }

    /// Adds a todo; returns it with its id.
    pub fn add(text: String) -> Todo {
        let mut db = db();
        let todo = Todo {
            id: db.next_id,
            text,
            done: false,
        };
        db.next_id += 1;
        db.todos.push(todo.clone());
        todo
    }

    /// Ticks or unticks the todo `id`; `None` if there is none.
    pub fn toggle(id: u64) -> Option<bool> {
        let mut db = db();
        let todo = db.todos.iter_mut().find(|todo| todo.id == id)?;
        todo.done = !todo.done;
        Some(todo.done)
    }
}
