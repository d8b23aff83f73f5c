//! TodoMVC on leptos-state: one store, derived slices, and a keyed `<For/>` whose rows each
//! read their own todo's slices, so toggling one todo re-renders that row only.

use leptos::prelude::*;
use leptos_state::{State, Store, provide_store, use_store};
use wasm_bindgen::JsCast;

/// One todo.
#[derive(State, Clone, PartialEq, Debug)]
pub struct Todo {
    /// Its key in the list.
    pub id: u32,
    /// What to do.
    pub text: String,
    /// Whether it is done.
    pub done: bool,
}

/// Which todos the list shows.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
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
    fn shows(self, todo: &Todo) -> bool {
        match self {
            Filter::All => true,
            Filter::Active => !todo.done,
            Filter::Completed => todo.done,
        }
    }
}

/// The app's whole state.
#[derive(State, Clone, PartialEq, Debug, Default)]
pub struct Todos {
    /// The todos, in the order shown.
    #[state(key = |t| t.id)]
    pub todos: Vec<Todo>,
    /// Which todos are shown.
    pub filter: Filter,
    /// The id the next todo gets.
    pub next_id: u32,
}

/// Adds a todo with `text`, unless it is blank.
pub fn add_todo(store: Store<Todos>, text: &str) {
    let text = text.trim();
    if text.is_empty() {
        return;
    }
    let id = store.next_id().get_untracked();
    let added = store.transaction("add todo", |tx| {
        tx.update(|s| {
            s.todos.push(Todo {
                id,
                text: text.to_string(),
                done: false,
            });
            s.next_id += 1;
        });
    });
    if let Err(error) = added {
        leptos::logging::warn!("{error}");
    }
}

/// The whole app: provides the store and lays out the parts.
#[component]
pub fn App() -> impl IntoView {
    provide_store(Store::new_named("todos", Todos::default()));
    view! {
        <section class="todoapp">
            <NewTodo/>
            <TodoList/>
            <Footer/>
        </section>
    }
}

/// The input that adds a todo on Enter.
#[component]
fn NewTodo() -> impl IntoView {
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
        add_todo(store, &input.value());
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
fn TodoRow(id: u32) -> impl IntoView {
    let store = use_store::<Todos>();
    let todo = store.todos().by_key(id);
    let done = move || todo.done().try_get().unwrap_or_default();
    view! {
        <li class="todo" class:completed=done data-id=id.to_string()>
            <input
                class="toggle"
                type="checkbox"
                prop:checked=done
                on:change=move |_| todo.done().update(|d| *d = !*d)
            />
            <label>{move || todo.text().try_get().unwrap_or_default()}</label>
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
    let filter_button = move |id: &'static str, label: &'static str, filter: Filter| {
        view! {
            <button
                id=id
                class:selected=move || store.filter().get() == filter
                on:click=move |_| store.filter().set(filter)
            >
                {label}
            </button>
        }
    };
    view! {
        <footer>
            <span id="count">{move || format!("{} left", left())}</span>
            {filter_button("filter-all", "All", Filter::All)}
            {filter_button("filter-active", "Active", Filter::Active)}
            {filter_button("filter-completed", "Completed", Filter::Completed)}
            <button id="clear-completed" on:click=move |_| {
                if let Err(error) = store.todos().retain(|t| !t.done) {
                    leptos::logging::warn!("{error}");
                }
            }>"Clear completed"</button>
        </footer>
    }
}
