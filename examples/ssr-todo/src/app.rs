//! The todo page: todos sent from the server in a shared store, added and ticked through
//! optimistic changes that call server functions, filtered by a preference this browser
//! keeps, and the devtools.

use crate::{
    model::{Filter, Origin, Prefs, PrefsSlices, TEMPORARY, Todo, TodoSlices, Todos, TodosSlices},
    server::{AddTodo, todos_now, toggle_todo},
};
use leptos::prelude::*;
use leptos_state::prelude::*;
use std::sync::atomic::{AtomicU64, Ordering};

/// The page: provides the todos (from the server) and the preferences (from this browser).
#[component]
pub fn TodoPage() -> impl IntoView {
    // On the server: the todos now, sent with the HTML. While hydrating: what the server
    // sent, so the first render matches its HTML.
    let todos = Store::new_shared_named("todos", || Todos { todos: todos_now() });
    todos.inspect();
    provide_store(todos);

    let error = RwSignal::new(None::<String>);
    provide_context(error);

    // Read from localStorage after hydration, never on the server: the server renders the
    // default filter, the browser then shows the remembered one.
    let prefs = Store::new_named("prefs", Prefs::default());
    prefs.inspect();
    let remembered = prefs
        .persist(WebStorage::local("ssr-todo-prefs"), PersistOptions::new())
        .inspect_err(|refused| error.set(Some(refused.to_string())))
        .ok();
    provide_store(prefs);

    // Moved to `Server` while the server renders; the hydrating page starts there too.
    let origin = use_machine_shared(crate::model::origin_machine());
    #[cfg(feature = "ssr")]
    origin.send(crate::model::Rendered);
    origin.inspect("origin", []);

    view! {
        <h1>"Todos"</h1>
        <p id="origin">
            {move || if origin.matches(Origin::Server) {
                "rendered on the server, hydrated here"
            } else {
                "rendered in the browser"
            }}
        </p>
        <NewTodo/>
        <p id="error" role="alert">{move || error.get()}</p>
        <TodoList/>
        <Filters/>
        <p id="preferences">
            {move || match remembered.as_ref() {
                Some(persist) if persist.hydrated() => "preferences loaded from this browser",
                Some(_) => "loading preferences…",
                None => "preferences are not saved",
            }}
        </p>
        <leptos_state_devtools::StateDevtools/>
    }
}

/// A temporary id for a todo the server has not answered for yet.
fn temporary_id() -> u64 {
    static NEXT: AtomicU64 = AtomicU64::new(TEMPORARY);
    NEXT.fetch_add(1, Ordering::Relaxed)
}

/// A todo added optimistically, waiting for the server's answer to its submission.
struct Waiting {
    /// Its temporary id.
    id: u64,
    change: OptimisticChange<Todos>,
    answer: ArcReadSignal<Option<Result<Todo, ServerFnError>>>,
}

/// The form that adds a todo: a `MultiActionForm` for the `add_todo` server function, so it
/// posts to the server even before the page has hydrated. Each submission is also an
/// optimistic change: the todo shows at once under a temporary id, and the server's answer
/// gives it its real id, or rolls it back alone, with the error shown.
#[component]
fn NewTodo() -> impl IntoView {
    let todos = use_store::<Todos>();
    let error = expect_context::<RwSignal<Option<String>>>();
    let add = ServerMultiAction::<AddTodo>::new();
    let input = NodeRef::<leptos::html::Input>::new();
    // The submissions already made optimistic changes of, and the changes still waiting.
    let started = StoredValue::new(0_usize);
    let waiting = StoredValue::new(Vec::<Waiting>::new());
    // One effect for every submission: it begins a change for each new one, and settles
    // each waiting change once its answer has arrived (it tracks their answers).
    Effect::new(move |_| {
        let submissions = add.submissions().get();
        let new = submissions.iter().skip(started.get_value());
        for submission in new {
            if let Some(AddTodo { text }) = submission.input().get_untracked() {
                match begin_adding(todos, text) {
                    Ok((id, change)) => waiting.update_value(|waiting| {
                        waiting.push(Waiting {
                            id,
                            change,
                            answer: submission.value(),
                        });
                    }),
                    Err(refused) => error.set(Some(refused.to_string())),
                }
            }
        }
        if submissions.len() > started.get_value() {
            started.set_value(submissions.len());
            // Submitted: ready for the next one. (Text typed before hydration stays.)
            if let Some(input) = input.get_untracked() {
                input.set_value("");
            }
        }
        waiting.update_value(|waiting| {
            waiting.retain_mut(|todo| match todo.answer.get() {
                None => true,
                Some(answer) => {
                    settle_adding(todo, answer, error);
                    false
                }
            });
        });
    });
    view! {
        <MultiActionForm action=add>
            <label for="new-todo">"New todo"</label>
            <input id="new-todo" name="text" node_ref=input placeholder="What needs to be done?"/>
            <button type="submit">"Add"</button>
        </MultiActionForm>
    }
}

/// Adds `text` at once, under a temporary id, as an optimistic change.
fn begin_adding(
    todos: Store<Todos>,
    text: String,
) -> Result<(u64, OptimisticChange<Todos>), StoreError> {
    let id = temporary_id();
    let row = Todo {
        id,
        text,
        done: false,
    };
    let change = todos.begin_optimistic("add todo", move |t: &mut Todos| {
        t.todos.push(row.clone());
    })?;
    Ok((id, change))
}

/// Settles an added todo with the server's answer: the saved todo's id replaces the
/// temporary one; a refusal rolls the todo back, and shows why.
fn settle_adding(
    todo: &Waiting,
    answer: Result<Todo, ServerFnError>,
    error: RwSignal<Option<String>>,
) {
    let id = todo.id;
    let change = todo.change.clone();
    let settled = match answer {
        Ok(saved) => change.confirm_with(move |t: &mut Todos| {
            if let Some(row) = t.todos.iter_mut().find(|row| row.id == id) {
                row.id = saved.id;
            }
        }),
        Err(refused) => {
            error.set(Some(refused.to_string()));
            change.fail(refused)
        }
    };
    if let Err(refused) = settled {
        error.set(Some(refused.to_string()));
    }
}

/// The todos the filter shows, one row each.
#[component]
fn TodoList() -> impl IntoView {
    let todos = use_store::<Todos>();
    let prefs = use_store::<Prefs>();
    let shown = move || {
        let filter = prefs.filter().get();
        todos.todos().with(|todos| {
            todos
                .iter()
                .filter(|todo| filter.shows(todo))
                .map(|todo| todo.id)
                .collect::<Vec<_>>()
        })
    };
    view! {
        <ul id="todos">
            <For each=shown key=|id| *id let:id>
                <TodoRow id/>
            </For>
        </ul>
        <p id="saving">{move || format!("{} saving", todos.pending_changes().len())}</p>
    }
}

/// One todo: ticked optimistically, through the `toggle_todo` server function.
#[component]
fn TodoRow(id: u64) -> impl IntoView {
    let todos = use_store::<Todos>();
    let error = expect_context::<RwSignal<Option<String>>>();
    let todo = todos.todos().by_key(id);
    let done = move || todo.done().get();
    let toggle = Action::new_local(move |(): &()| {
        let change = todos.begin_optimistic("toggle todo", move |t: &mut Todos| {
            if let Some(row) = t.todos.iter_mut().find(|row| row.id == id) {
                row.done = !row.done;
            }
        });
        async move {
            let change = match change {
                Ok(change) => change,
                Err(refused) => return error.set(Some(refused.to_string())),
            };
            // The server answers with whether the todo is done now: that is what stays.
            let toggled = change
                .settle_with(toggle_todo(id), move |t: &mut Todos, done: &bool| {
                    if let Some(row) = t.todos.iter_mut().find(|row| row.id == id) {
                        row.done = *done;
                    }
                })
                .await;
            error.set(toggled.err().map(|refused| refused.to_string()));
        }
    });
    // A new todo is saving until the server gives it its id (and so a new row).
    let saving = id >= TEMPORARY;
    view! {
        <li class="todo" class:done=done class:saving=saving data-id=id.to_string()>
            <input
                type="checkbox"
                aria-label="done"
                prop:checked=done
                disabled=saving
                on:change=move |_| {
                    toggle.dispatch(());
                }
            />
            <span class="text">{move || todo.text().get()}</span>
        </li>
    }
}

/// The filters: a preference of this browser, saved in `localStorage`.
#[component]
fn Filters() -> impl IntoView {
    let prefs = use_store::<Prefs>();
    let button = move |id: &'static str, label: &'static str, filter: Filter| {
        view! {
            <button
                id=id
                class:selected=move || prefs.filter().get() == filter
                on:click=move |_| prefs.filter().set(filter)
            >
                {label}
            </button>
        }
    };
    view! {
        <nav>
            {button("filter-all", "All", Filter::All)}
            {button("filter-active", "Active", Filter::Active)}
            {button("filter-completed", "Completed", Filter::Completed)}
        </nav>
    }
}
