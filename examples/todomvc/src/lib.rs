//! TodoMVC on leptos-state: one store, derived slices, and a keyed `<For/>` whose rows each
//! read their own todo's slices, so toggling one todo re-renders that row only. Undo and
//! redo buttons drive the store's [`History`]; with a [`Server`], new todos are saved
//! optimistically: shown at once, removed again if the server refuses them. With a
//! [`Storage`], the todos are saved to IndexedDB, survive a reload, and follow the changes
//! made in other tabs.

mod server;

pub use server::Server;

use leptos::prelude::*;
use leptos_router::components::Router;
use leptos_state::prelude::*;
use serde::{Deserialize, Serialize};
use wasm_bindgen::JsCast;

/// One todo.
#[derive(State, Clone, PartialEq, Debug, Serialize, Deserialize)]
pub struct Todo {
    /// Its key in the list: random, so that two tabs adding at once never hand out the
    /// same one (see [`new_id`]).
    pub id: u64,
    /// What to do.
    pub text: String,
    /// Whether it is done.
    pub done: bool,
}

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
    /// The filter's route, TodoMVC's: `#/`, `#/active`, `#/completed`.
    fn route(&self) -> String {
        match self {
            Filter::All => "/",
            Filter::Active => "/active",
            Filter::Completed => "/completed",
        }
        .to_owned()
    }

    /// The filter a route names; `None` for a fragment that is not a filter's (another link
    /// on the page).
    fn of_route(route: &str) -> Option<Filter> {
        match route {
            "" | "/" => Some(Filter::All),
            "/active" => Some(Filter::Active),
            "/completed" => Some(Filter::Completed),
            _ => None,
        }
    }

    fn shows(self, todo: &Todo) -> bool {
        match self {
            Filter::All => true,
            Filter::Active => !todo.done,
            Filter::Completed => todo.done,
        }
    }
}

/// The app's whole state.
#[derive(State, Clone, PartialEq, Debug, Default, Serialize, Deserialize)]
pub struct Todos {
    /// The todos, in the order shown.
    #[state(key = |t| t.id)]
    pub todos: Vec<Todo>,
    /// Which todos are shown: a view setting of this tab, so undo leaves it alone and it is
    /// not saved.
    #[state(history = false, persist = false)]
    pub filter: Filter,
}

/// A new todo's id: 53 random bits in the browser, where two tabs add todos at once and a
/// counter in the state would give both the same id; a counter elsewhere (tests).
pub fn new_id() -> u64 {
    #[cfg(target_arch = "wasm32")]
    {
        (js_sys::Math::random() * 2_f64.powi(53)) as u64
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
        NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
    }
}

/// Adds a todo with `text`, unless it is blank: at once without a server, optimistically
/// with one.
pub fn add_todo(store: Store<Todos>, server: Option<Server>, text: &str) {
    let text = text.trim().to_string();
    if text.is_empty() {
        return;
    }
    // Chosen once, outside the change: an optimistic change runs again when replayed, and
    // must add the same todo each time.
    let todo = Todo {
        id: new_id(),
        text: text.clone(),
        done: false,
    };
    let added = match server {
        None => store.update("add todo", |s| s.todos.push(todo)),
        Some(server) => {
            let request = server.save(text);
            store
                .optimistic("add todo", move |s| s.todos.push(todo.clone()), request)
                .map(|_| ())
        }
    };
    if let Err(error) = added {
        leptos::logging::warn!("{error}");
    }
}

/// Where the todos are saved, synced across tabs either way.
#[derive(Clone, Debug)]
pub enum Storage {
    /// An IndexedDB database, in its object store `todos`, under the key `todos`.
    IndexedDb {
        /// The database's name.
        database: String,
    },
    /// `localStorage`, under `key`.
    LocalStorage {
        /// The key.
        key: String,
    },
}

/// The whole app: provides the store with its history, and lays out the parts. With a
/// `server`, new todos are saved to it optimistically; with a `storage`, the todos are
/// saved there and synced across tabs.
#[component]
pub fn App(
    #[prop(optional)] server: Option<Server>,
    #[prop(optional)] storage: Option<Storage>,
) -> impl IntoView {
    let store = Store::new_named("todos", Todos::default());
    History::attach(store, HistoryOptions::new());
    store.inspect();
    provide_store(store);
    let persist = storage.and_then(|storage| persist(store, &storage));
    let status = persist.map(|persist| view! { <StorageStatus persist/> });
    view! {
        <Router>
            <section class="todoapp">
                {status}
                <UndoRedo/>
                <NewTodo server/>
                <Saving/>
                <TodoList/>
                <Footer/>
            </section>
        </Router>
    }
}

/// Saves the todos to `storage`, following other tabs' changes.
fn persist(store: Store<Todos>, storage: &Storage) -> Option<Persist> {
    let options = PersistOptions::new().delay(100).sync_tabs(true);
    let persisted = match storage {
        Storage::IndexedDb { database } => store.persist(
            leptos_state::IndexedDb::new(database.clone(), "todos", "todos"),
            options,
        ),
        Storage::LocalStorage { key } => {
            store.persist(leptos_state::WebStorage::local(key), options)
        }
    };
    match persisted {
        Ok(persist) => Some(persist),
        Err(error) => {
            leptos::logging::error!("{error}");
            None
        }
    }
}

/// Whether the saved todos have been loaded, and the last storage error.
#[component]
fn StorageStatus(persist: Persist) -> impl IntoView {
    let loading = persist.clone();
    view! {
        <p id="storage">{move || if loading.hydrated() { "saved in this browser" } else { "loading…" }}</p>
        <p id="storage-error">{move || persist.error().map(|error| error.to_string())}</p>
    }
}

/// Undo and redo buttons, disabled when there is nothing to undo or redo.
#[component]
fn UndoRedo() -> impl IntoView {
    let history = use_history::<Todos>();
    let report = |result: Result<(), leptos_state::StoreError>| {
        if let Err(error) = result {
            leptos::logging::warn!("{error}");
        }
    };
    view! {
        <nav>
            <button id="undo" prop:disabled=move || !history.can_undo()
                on:click=move |_| report(history.undo())>"Undo"</button>
            <button id="redo" prop:disabled=move || !history.can_redo()
                on:click=move |_| report(history.redo())>"Redo"</button>
        </nav>
    }
}

/// How many new todos are on their way to the server, and the last one it refused.
#[component]
fn Saving() -> impl IntoView {
    let store = use_store::<Todos>();
    let failure = RwSignal::new(String::new());
    let in_flight = StoredValue::new(Vec::<OptimisticChange<Todos>>::new());
    // The pending list changes whenever a change starts or settles: report the failures
    // among the changes that were in flight, and keep watching the rest.
    Effect::new(move |_| {
        let pending = store.pending_changes();
        in_flight.update_value(|in_flight| {
            for change in in_flight.iter() {
                if let OptimisticStatus::Failed(reason) = change.status_untracked() {
                    failure.set(reason);
                }
            }
            *in_flight = pending;
        });
    });
    view! {
        <p id="saving">{move || format!("{} saving", store.pending_changes().len())}</p>
        <p id="failure">{move || failure.get()}</p>
    }
}

/// The input that adds a todo on Enter.
#[component]
fn NewTodo(server: Option<Server>) -> impl IntoView {
    let store = use_store::<Todos>();
    let on_keydown = move |ev: web_sys::KeyboardEvent| {
        if ev.key() != "Enter" {
            return;
        }
        let Some(input) = ev
            .target()
            .and_then(|target| target.dyn_into::<web_sys::HtmlInputElement>().ok())
        else {
            return;
        };
        add_todo(store, server.clone(), &input.value());
        input.set_value("");
    };
    view! { <input id="new-todo" placeholder="What needs to be done?" on:keydown=on_keydown/> }
}

/// The keyed list of the todos the filter shows.
#[component]
fn TodoList() -> impl IntoView {
    let store = use_store::<Todos>();
    let visible = move || {
        let filter = store.filter().get();
        store.todos().with(|todos| {
            todos
                .iter()
                .filter(|todo| filter.shows(todo))
                .map(|todo| todo.id)
                .collect::<Vec<_>>()
        })
    };
    view! {
        <ul id="todo-list">
            <For each=visible key=|id| *id let:id>
                <TodoRow id/>
            </For>
        </ul>
    }
}

/// One row: reads only its own todo's slices.
#[component]
fn TodoRow(id: u64) -> impl IntoView {
    let store = use_store::<Todos>();
    let todo = store.todos().by_key(id);
    // `<For/>` drops this row before its readers could see it removed: plain `get()`.
    let done = move || todo.done().get();
    view! {
        <li class="todo" class:completed=done data-id=id.to_string()>
            <input
                class="toggle"
                type="checkbox"
                prop:checked=done
                on:change=move |_| todo.done().update(|d| *d = !*d)
            />
            <label>{move || todo.text().get()}</label>
            <button class="destroy" on:click=move |_| {
                if let Err(error) = store.todos().remove(&id) {
                    leptos::logging::warn!("{error}");
                }
            }>"×"</button>
        </li>
    }
}

/// The count of active todos, the filters and "clear completed".
#[component]
fn Footer() -> impl IntoView {
    let store = use_store::<Todos>();
    let left = move || store.todos().with(|t| t.iter().filter(|t| !t.done).count());
    // The filter is the address's fragment: links choose it, and back and forward too.
    bind_hash(
        store.filter(),
        Filter::route,
        Filter::of_route,
        UrlWrite::Push,
    );
    let filter_link = move |id: &'static str, label: &'static str, filter: Filter| {
        let href = format!("#{}", filter.route());
        view! {
            <a id=id href=href class:selected=move || store.filter().get() == filter>
                {label}
            </a>
        }
    };
    view! {
        <footer>
            <span id="todo-count">{move || format!("{} left", left())}</span>
            {filter_link("filter-all", "All", Filter::All)}
            {filter_link("filter-active", "Active", Filter::Active)}
            {filter_link("filter-completed", "Completed", Filter::Completed)}
            <button id="clear-completed" on:click=move |_| {
                if let Err(error) = store.todos().retain(|t| !t.done) {
                    leptos::logging::warn!("{error}");
                }
            }>"Clear completed"</button>
        </footer>
    }
}
