//! A benchmark in headless Chromium, not a test of behaviour: the time to hydrate a
//! 10,000-todo TodoMVC state from `localStorage`, `sessionStorage` and IndexedDB, each against
//! parsing the same JSON text by hand in the same run; and the writes 1,000 changes in one
//! tick make. It prints its figures (run with `-- --nocapture` to see them) and asserts only
//! that each store ends up holding the 10,000 todos.
#![cfg(target_arch = "wasm32")]

use leptos::prelude::*;
use leptos_state::{Backend, IndexedDb, Pending, PersistOptions, Store, WebStorage};
use serde_json::Value;
use todomvc::{Todo, Todos};
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

const ROUNDS: usize = 7;

fn now() -> f64 {
    window().performance().expect("performance").now()
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

fn print(line: String) {
    web_sys::console::log_1(&line.into());
}

fn ten_thousand_todos() -> Todos {
    Todos {
        todos: (0..10_000)
            .map(|id| Todo {
                id,
                text: format!("todo number {id}, with some words to make it realistic"),
                done: id % 3 == 0,
            })
            .collect(),
        ..Todos::default()
    }
}

/// Writes the state through `backend` and waits for the write.
async fn fill(backend: &impl Backend, state: &Todos) {
    let record = serde_json::json!({ "version": 1, "state": state });
    match backend.write(&record) {
        Pending::Ready(written) => written.unwrap(),
        Pending::Later(written) => written.await.unwrap(),
    }
}

/// Median milliseconds to hydrate a fresh store from `backend`.
async fn hydrate<B: Backend + Clone>(backend: &B) -> f64 {
    let mut times = Vec::new();
    for _ in 0..ROUNDS {
        let store = Store::new(Todos::default());
        let start = now();
        let persist = store
            .persist(backend.clone(), PersistOptions::new())
            .unwrap();
        persist.when_hydrated().await;
        times.push(now() - start);
        assert_eq!(persist.error_untracked(), None);
        assert_eq!(store.with_untracked(|t| t.todos.len()), 10_000);
    }
    median(times)
}

#[wasm_bindgen_test]
async fn hydrating_ten_thousand_todos_from_each_backend() {
    let _ = any_spawner::Executor::init_wasm_bindgen();
    let _owner = Owner::new();
    let state = ten_thousand_todos();
    let text = serde_json::json!({ "version": 1, "state": &state }).to_string();
    let by_hand = median(
        (0..ROUNDS)
            .map(|_| {
                let start = now();
                let record: Value = serde_json::from_str(&text).unwrap();
                let parsed: Todos = serde_json::from_value(record["state"].clone()).unwrap();
                assert_eq!(parsed.todos.len(), 10_000);
                now() - start
            })
            .collect(),
    );
    print(format!(
        "baseline: serde_json parse of the 10,000-todo record ({} KB): {by_hand:.1} ms",
        text.len() / 1024
    ));

    let local = WebStorage::local("leptos-state-bench-todos");
    fill(&local, &state).await;
    let session = WebStorage::session("leptos-state-bench-todos");
    fill(&session, &state).await;
    let database = format!("leptos-state-bench-{}", js_sys::Math::random().to_bits());
    let indexed = IndexedDb::new(database, "state", "todos");
    fill(&indexed, &state).await;

    for (name, millis) in [
        ("localStorage", hydrate(&local).await),
        ("sessionStorage", hydrate(&session).await),
        ("IndexedDB", hydrate(&indexed).await),
    ] {
        print(format!(
            "persist: hydrate 10,000 todos from {name:<15} {millis:>7.1} ms   ratio to the baseline {:.2} (a figure, no target)",
            millis / by_hand
        ));
    }
    let storage = window().local_storage().unwrap().unwrap();
    storage.remove_item("leptos-state-bench-todos").unwrap();
}

#[wasm_bindgen_test]
async fn a_thousand_changes_in_one_tick_make_one_write() {
    let _ = any_spawner::Executor::init_wasm_bindgen();
    let _owner = Owner::new();
    let key = "leptos-state-bench-count";
    let store = Store::new(0_u32);
    let persist = store
        .persist_any(WebStorage::local(key), PersistOptions::new())
        .unwrap();
    for _ in 0..1_000 {
        store.update("increment", |n| *n += 1).unwrap();
    }
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        window()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 10)
            .unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(promise).await.unwrap();
    print(format!(
        "persist: 1,000 changes in one tick made {} write(s) to localStorage (target: 1)",
        persist.writes_untracked()
    ));
    assert_eq!(persist.writes_untracked(), 1);
    window()
        .local_storage()
        .unwrap()
        .unwrap()
        .remove_item(key)
        .unwrap();
}
