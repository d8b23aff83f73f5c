//! TodoMVC on leptos-state, with TodoMVC's markup and behaviour (the npm `todomvc-app-css`
//! styles it on the showcase page): one store, derived slices, and a keyed `<For/>` whose
//! rows each read their own todo's slices, so toggling one todo re-renders that row only.
//! The filter is the address's fragment (`#/`, `#/active`, `#/completed`). Undo and
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
/// with one, returning the change that waits for the server.
pub fn add_todo(
    store: Store<Todos>,
    server: Option<Server>,
    text: &str,
) -> Option<(OptimisticChange<Todos>, u64)> {
    let text = text.trim().to_string();
    if text.is_empty() {
        return None;
    }
    // Chosen once, outside the change: an optimistic change runs again when replayed, and
    // must add the same todo each time.
    let id = new_id();
    let todo = Todo {
        id,
        text: text.clone(),
        done: false,
    };
    let added = match server {
        None => store
            .update("add todo", |s| s.todos.push(todo))
            .map(|()| None),
        Some(server) => {
            let request = server.save(text);
            store
                .optimistic("add todo", move |s| s.todos.push(todo.clone()), request)
                .map(|change| Some((change, id)))
        }
    };
    added.unwrap_or_else(|error| {
        leptos::logging::warn!("{error}");
        None
    })
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

/// The todos added optimistically, by the id of the change that waits for the server: a
/// row whose change is still pending is shown as pending.
#[derive(Clone, Copy)]
struct Unsaved(RwSignal<Vec<(u64, u64)>>);

impl Unsaved {
    /// Whether the todo `id` waits for the server. Tracked.
    fn has(self, store: Store<Todos>, id: u64) -> bool {
        let changes = self.0.read();
        store.pending_changes().iter().any(|change| {
            changes
                .iter()
                .any(|&(change_id, todo)| change_id == change.id() && todo == id)
        })
    }
}

/// The whole app: provides the store with its history, and lays out TodoMVC's markup
/// (styled by the npm `todomvc-app-css`), with undo and redo, the storage's status and the
/// todos on their way to the server below it. With a `server`, new todos are saved to it
/// optimistically; with a `storage`, the todos are saved there and synced across tabs.
#[component]
pub fn App(
    #[prop(optional)] server: Option<Server>,
    #[prop(optional)] storage: Option<Storage>,
) -> impl IntoView {
    let store = Store::new_named("todos", Todos::default());
    History::attach(store, HistoryOptions::new());
    store.inspect();
    provide_store(store);
    provide_context(Unsaved(RwSignal::new(Vec::new())));
    let persist = storage.and_then(|storage| persist(store, &storage));
    let status = persist.map(|persist| view! { <StorageStatus persist/> });
    let any = move || store.todos().with(|todos| !todos.is_empty());
    view! {
        <Router>
            <FilterRoute/>
            <section class="todoapp">
                <header class="header">
                    <h1>"todos"</h1>
                    <NewTodo server/>
                </header>
                <Show when=any>
                    <main class="main">
                        <ToggleAll/>
                        <TodoList/>
                    </main>
                    <Footer/>
                </Show>
            </section>
            <div class="todo-status">
                <UndoRedo/>
                <Saving/>
                {status}
            </div>
            <footer class="info">
                <p>"Double-click to edit a todo"</p>
                <p>"Written with leptos-state"</p>
            </footer>
        </Router>
    }
}

/// Binds the filter to the address's fragment: links choose it, and back and forward too.
#[component]
fn FilterRoute() -> impl IntoView {
    let store = use_store::<Todos>();
    bind_hash(
        store.filter(),
        Filter::route,
        Filter::of_route,
        UrlWrite::Push,
    );
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
        <span id="storage">{move || if loading.hydrated() { "saved in this browser" } else { "loading…" }}</span>
        <span id="storage-error" class="todo-error">{move || persist.error().map(|error| error.to_string())}</span>
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
        <span class="undo-redo">
            <button id="undo" prop:disabled=move || !history.can_undo()
                on:click=move |_| report(history.undo())>"↶ Undo"</button>
            <button id="redo" prop:disabled=move || !history.can_redo()
                on:click=move |_| report(history.redo())>"Redo ↷"</button>
        </span>
    }
}

/// How long a refusal stays on screen.
const REFUSAL_SHOWN: std::time::Duration = std::time::Duration::from_secs(6);

/// How many new todos are on their way to the server, and the last one it refused, shown
/// for a few seconds or until dismissed.
#[component]
fn Saving() -> impl IntoView {
    let store = use_store::<Todos>();
    let failure = RwSignal::new(None::<String>);
    let shown = StoredValue::new(0_u64);
    let in_flight = StoredValue::new(Vec::<OptimisticChange<Todos>>::new());
    let unsaved = expect_context::<Unsaved>();
    // The pending list changes whenever a change starts or settles: report the failures
    // among the changes that were in flight, and keep watching the rest.
    Effect::new(move |_| {
        let pending = store.pending_changes();
        let mut refused = None;
        in_flight.update_value(|in_flight| {
            for change in in_flight.iter() {
                if let OptimisticStatus::Failed(reason) = change.status_untracked() {
                    refused = Some(reason);
                }
            }
            *in_flight = pending;
        });
        // Forget the todos whose change has settled.
        in_flight.with_value(|in_flight| {
            let waiting = |change_id: u64| in_flight.iter().any(|c| c.id() == change_id);
            if unsaved
                .0
                .with_untracked(|u| u.iter().any(|&(id, _)| !waiting(id)))
            {
                unsaved.0.update(|u| u.retain(|&(id, _)| waiting(id)));
            }
        });
        if let Some(reason) = refused {
            failure.set(Some(reason));
            // Each refusal clears itself, unless a newer one replaced it.
            shown.update_value(|n| *n += 1);
            let this = shown.get_value();
            set_timeout(
                move || {
                    if shown.try_get_value() == Some(this) {
                        failure.try_set(None);
                    }
                },
                REFUSAL_SHOWN,
            );
        }
    });
    view! {
        <span id="saving">{move || format!("{} saving", store.pending_changes().len())}</span>
        <Show when=move || failure.with(Option::is_some)>
            <span class="todo-error">
                <span id="failure">{move || failure.get()}</span>
                <button class="dismiss" aria-label="Dismiss" on:click=move |_| failure.set(None)>"×"</button>
            </span>
        </Show>
    }
}

/// The input that adds a todo on Enter.
#[component]
fn NewTodo(server: Option<Server>) -> impl IntoView {
    let store = use_store::<Todos>();
    let unsaved = expect_context::<Unsaved>();
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
        if let Some((change, id)) = add_todo(store, server.clone(), &input.value()) {
            unsaved.0.update(|unsaved| unsaved.push((change.id(), id)));
        }
        input.set_value("");
    };
    view! {
        <input
            id="new-todo"
            class="new-todo"
            placeholder="What needs to be done?"
            aria-label="New todo"
            autofocus
            on:keydown=on_keydown
        />
    }
}

/// The checkbox that marks every todo done, or every todo not done when they all are.
#[component]
fn ToggleAll() -> impl IntoView {
    let store = use_store::<Todos>();
    let all_done = move || store.todos().with(|todos| todos.iter().all(|t| t.done));
    let toggle = move |_| {
        let done = !store
            .todos()
            .with_untracked(|todos| todos.iter().all(|t| t.done));
        let label = if done { "complete all" } else { "reopen all" };
        if let Err(error) = store.update(label, |s| {
            for todo in &mut s.todos {
                todo.done = done;
            }
        }) {
            leptos::logging::warn!("{error}");
        }
    };
    view! {
        <div class="toggle-all-container">
            <input id="toggle-all" class="toggle-all" type="checkbox" prop:checked=all_done on:change=toggle/>
            <label class="toggle-all-label" for="toggle-all">"Mark all as complete"</label>
        </div>
    }
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
        <ul id="todo-list" class="todo-list">
            <For each=visible key=|id| *id let:id>
                <TodoRow id/>
            </For>
        </ul>
    }
}

/// One row: reads only its own todo's slices. A double click edits the text: Enter or
/// leaving the field saves it (an empty text removes the todo), Escape cancels.
#[component]
fn TodoRow(id: u64) -> impl IntoView {
    let store = use_store::<Todos>();
    let unsaved = expect_context::<Unsaved>();
    let todo = store.todos().by_key(id);
    // `<For/>` drops this row before its readers could see it removed: plain `get()`.
    let done = move || todo.done().get();
    let pending = move || unsaved.has(store, id);
    let editing = RwSignal::new(false);
    let edit_input = NodeRef::<leptos::html::Input>::new();
    Effect::new(move |_| {
        if let Some(input) = edit_input.get() {
            let _ = input.focus();
        }
    });
    let remove = move || {
        if let Err(error) = store.todos().remove(&id) {
            leptos::logging::warn!("{error}");
        }
    };
    // Saves the edit and leaves edit mode; does nothing once left (the blur that follows
    // Enter or Escape).
    let save = move |text: String| {
        if !editing.get_untracked() {
            return;
        }
        editing.set(false);
        let text = text.trim().to_owned();
        if text.is_empty() {
            remove();
        } else if text != todo.text().get_untracked() {
            todo.text().set(text);
        }
    };
    let on_keydown = move |ev: web_sys::KeyboardEvent| match ev.key().as_str() {
        "Enter" => save(event_target_value(&ev)),
        "Escape" => editing.set(false),
        _ => {}
    };
    view! {
        <li
            class="todo"
            class:completed=done
            class:editing=move || editing.get()
            class:pending=pending
            data-id=id.to_string()
        >
            <div class="view">
                <input
                    class="toggle"
                    type="checkbox"
                    aria-label="Done"
                    prop:checked=done
                    on:change=move |_| todo.done().update(|d| *d = !*d)
                />
                <label on:dblclick=move |_| editing.set(true)>{move || todo.text().get()}</label>
                <Show when=pending>
                    <span class="pending-note">"saving…"</span>
                </Show>
                <button class="destroy" aria-label="Delete" on:click=move |_| remove()></button>
            </div>
            <Show when=move || editing.get()>
                <input
                    class="edit"
                    aria-label="Edit todo"
                    node_ref=edit_input
                    prop:value=move || todo.text().get_untracked()
                    on:keydown=on_keydown
                    on:blur=move |ev| save(event_target_value(&ev))
                />
            </Show>
        </li>
    }
}

/// The count of active todos, the filters and "clear completed" (shown while a todo is
/// done).
#[component]
fn Footer() -> impl IntoView {
    let store = use_store::<Todos>();
    let left = move || store.todos().with(|t| t.iter().filter(|t| !t.done).count());
    let any_done = move || store.todos().with(|t| t.iter().any(|t| t.done));
    let filter_link = move |id: &'static str, label: &'static str, filter: Filter| {
        let href = format!("#{}", filter.route());
        view! {
            <li>
                <a id=id href=href class:selected=move || store.filter().get() == filter>
                    {label}
                </a>
            </li>
        }
    };
    view! {
        <footer class="footer">
            <span id="todo-count" class="todo-count">
                <strong>{left}</strong>
                {move || if left() == 1 { " item left" } else { " items left" }}
            </span>
            <ul class="filters">
                {filter_link("filter-all", "All", Filter::All)}
                {filter_link("filter-active", "Active", Filter::Active)}
                {filter_link("filter-completed", "Completed", Filter::Completed)}
            </ul>
            <Show when=any_done>
                <button id="clear-completed" class="clear-completed" on:click=move |_| {
                    if let Err(error) = store.todos().retain(|t| !t.done) {
                        leptos::logging::warn!("{error}");
                    }
                }>"Clear completed"</button>
            </Show>
        </footer>
    }
}
