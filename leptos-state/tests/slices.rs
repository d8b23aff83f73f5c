//! Slices made by `#[derive(State)]`: reads, writes, and exactly which readers re-run.

#[path = "util/effects.rs"]
mod effects;

use effects::{count_runs, flush, owner};
use leptos::prelude::*;
use leptos_state::{
    ArcStore, MapSlice, OptionSlice, Slice, State, Store, StoreError, Validate, VecSlice,
};
use std::{
    collections::HashMap,
    sync::{Arc, Mutex},
};

#[derive(State, Clone, PartialEq, Debug, Default)]
struct Address {
    city: String,
}

#[derive(State, Clone, PartialEq, Debug, Default)]
struct User {
    name: String,
    address: Address,
    nickname: Option<String>,
}

#[derive(State, Clone, PartialEq, Debug)]
struct Todo {
    id: u32,
    text: String,
    done: bool,
}

#[derive(State, Clone, PartialEq, Debug, Default)]
struct App {
    user: User,
    #[state(key = |t| t.id)]
    todos: Vec<Todo>,
    list: Vec<Todo>,
    filter: String,
    scores: HashMap<String, u32>,
}

fn todo(id: u32) -> Todo {
    Todo {
        id,
        text: format!("todo {id}"),
        done: false,
    }
}

fn app() -> App {
    App {
        todos: (0..6).map(todo).collect(),
        list: (0..6).map(todo).collect(),
        ..App::default()
    }
}

/// Records the action of every change the store accepts.
fn actions(store: Store<App>) -> Arc<Mutex<Vec<String>>> {
    let seen = Arc::new(Mutex::new(Vec::new()));
    let log = seen.clone();
    store
        .subscribe(move |change| log.lock().unwrap().push(change.action().to_string()))
        .detach();
    seen
}

#[test]
fn nested_slices_read_and_write() {
    let _owner = owner();
    let store = Store::new(App::default());
    store.user().address().city().set("Paris".into());
    assert_eq!(store.user().address().city().get_untracked(), "Paris");
    assert_eq!(
        store.with_untracked(|a| a.user.address.city.clone()),
        "Paris"
    );
    let city = store.user().address().city();
    let copy = city; // slices of slices are Copy
    assert_eq!(copy.path().to_string(), "user.address.city");
}

#[test]
fn writing_a_keyed_item_field_reruns_it_and_its_ancestors_only() {
    let _owner = owner();
    let store = Store::new(app());
    let done = count_runs(move || {
        store.todos().by_key(3).done().get();
    });
    let item = count_runs(move || {
        store.todos().by_key(3).get();
    });
    let todos = count_runs(move || {
        store.todos().with(|_| ());
    });
    let whole = count_runs(move || {
        store.with(|_| ());
    });
    let sibling = count_runs(move || {
        store.todos().by_key(4).get();
    });
    let sibling_field = count_runs(move || {
        store.todos().by_key(3).text().get();
    });
    let filter = count_runs(move || {
        store.filter().get();
    });
    let user = count_runs(move || {
        store.user().get();
    });
    let keys = count_runs(move || {
        store.todos().keys();
    });

    store.todos().by_key(3).done().set(true);
    flush();

    assert_eq!(
        [done.get(), item.get(), todos.get(), whole.get()],
        [2, 2, 2, 2],
        "readers of the field, the item, the collection and the state re-run"
    );
    assert_eq!(
        [
            sibling.get(),
            sibling_field.get(),
            filter.get(),
            user.get(),
            keys.get()
        ],
        [1, 1, 1, 1, 1],
        "readers of siblings, of other fields and of the keys do not"
    );
}

#[test]
fn writing_an_item_by_position_reruns_it_and_its_ancestors_only() {
    let _owner = owner();
    let store = Store::new(app());
    let done = count_runs(move || {
        store.list().at(3).done().get();
    });
    let list = count_runs(move || {
        store.list().with(|_| ());
    });
    let next = count_runs(move || {
        store.list().at(4).get();
    });
    let len = count_runs(move || {
        store.list().len();
    });

    store.list().at(3).done().set(true);
    flush();

    assert_eq!([done.get(), list.get()], [2, 2]);
    assert_eq!([next.get(), len.get()], [1, 1]);
    assert!(store.with_untracked(|a| a.list[3].done));
}

#[test]
fn writing_a_parent_reruns_the_children_that_changed() {
    let _owner = owner();
    let store = Store::new(app());
    let second = count_runs(move || {
        store.list().at(2).get();
    });
    let first = count_runs(move || {
        store.list().at(1).get();
    });
    let keyed_second = count_runs(move || {
        store.todos().by_key(2).get();
    });
    let keyed_first = count_runs(move || {
        store.todos().by_key(1).get();
    });

    let mut list = store.with_untracked(|a| a.list.clone());
    list[2].done = true;
    store.list().set(list.clone());
    store.todos().set(list);
    flush();

    assert_eq!([second.get(), keyed_second.get()], [2, 2]);
    assert_eq!([first.get(), keyed_first.get()], [1, 1]);
}

#[test]
fn patch_notifies_only_the_fields_that_changed() {
    let _owner = owner();
    let store = Store::new(app());
    let filter = count_runs(move || {
        store.filter().get();
    });
    let user = count_runs(move || {
        store.user().get();
    });
    let whole = count_runs(move || {
        store.with(|_| ());
    });
    let actions = actions(store);

    let mut next = app();
    next.filter = "done".into();
    store.patch(next.clone()).unwrap();
    flush();
    assert_eq!([filter.get(), whole.get(), user.get()], [2, 2, 1]);

    // The same value again is no change at all.
    store.patch(next).unwrap();
    flush();
    assert_eq!(whole.get(), 2);
    assert_eq!(*actions.lock().unwrap(), ["patch"]);
}

#[test]
fn slice_writes_reach_middleware_named_after_their_path() {
    let _owner = owner();
    let store = Store::new_named("app", app());
    let actions = actions(store);

    store.todos().by_key(3).done().set(true);
    store.list().at(1).text().update(|t| t.push('!'));
    store.user().nickname().set(Some("ada".into()));
    store.todos().push(todo(9)).unwrap();
    store.todos().remove(&9).unwrap();
    store.list().insert(0, todo(7)).unwrap();
    store.list().remove(0).unwrap();
    store.scores().insert("ada".into(), 1).unwrap();
    store.scores().entry("ada".into()).update(|n| *n += 1);

    assert_eq!(
        *actions.lock().unwrap(),
        [
            "todos[id=3].done",
            "list[1].text",
            "user.nickname",
            "todos.push",
            "todos.remove(id=9)",
            "list.insert(0)",
            "list.remove(0)",
            r#"scores.insert("ada")"#,
            r#"scores["ada"]"#,
        ]
    );
}

#[test]
fn a_refused_slice_write_leaves_the_state_unchanged() {
    let _owner = owner();
    let store = Store::new_named("app", app());
    store.attach(Validate::new(|a: &App| {
        if a.todos.iter().all(|t| !t.text.is_empty()) {
            Ok(())
        } else {
            Err("a todo needs text")
        }
    }));
    let before = store.get_untracked();
    let text = count_runs(move || {
        store.todos().by_key(2).text().get();
    });

    let error = store
        .todos()
        .by_key(2)
        .text()
        .checked_set(String::new())
        .unwrap_err();
    assert!(
        matches!(&error, StoreError::Refused { action, .. } if action == "todos[id=2].text"),
        "{error}"
    );
    // Through Leptos' `Set`, the refusal is logged and the state is kept all the same.
    store.todos().by_key(2).text().set(String::new());
    assert_eq!(
        store.todos().by_key(2).text().try_update(|t| t.clear()),
        None
    );
    flush();

    assert_eq!(store.get_untracked(), before);
    assert_eq!(text.get(), 1, "nobody re-runs for a refused write");
}

#[test]
fn undoing_a_refused_write_finds_an_item_whose_key_it_changed() {
    let _owner = owner();
    let store = Store::new(app());
    store.attach(Validate::new(|a: &App| {
        if a.todos.iter().any(|t| t.id == 99) {
            Err("99 is reserved")
        } else {
            Ok(())
        }
    }));
    let before = store.get_untracked();
    assert!(store.todos().by_key(2).id().checked_set(99).is_err());
    assert_eq!(store.get_untracked(), before);
}

#[test]
fn keyed_slices_follow_their_item_across_reorders_inserts_and_removals() {
    let _owner = owner();
    let store = Store::new(app());
    let four = store.todos().by_key(4);
    let reads = count_runs(move || {
        four.text().try_get();
    });
    let keys = count_runs(move || {
        store.todos().keys();
    });

    store.todos().insert(0, todo(10)).unwrap();
    flush();
    store.todos().remove(&1).unwrap();
    flush();
    store
        .todos()
        .update(|todos| todos.sort_by_key(|t| std::cmp::Reverse(t.id)));
    flush();
    store.todos().retain(|t| t.id != 5).unwrap();
    flush();

    assert_eq!(four.text().get_untracked(), "todo 4");
    four.text().set("four".into());
    assert_eq!(
        store.with_untracked(|a| a.todos.iter().map(|t| t.id).collect::<Vec<_>>()),
        [10, 4, 3, 2, 0]
    );
    assert_eq!(store.with_untracked(|a| a.todos[1].text.clone()), "four");
    assert_eq!(store.todos().keys(), [10, 4, 3, 2, 0]);
    assert_eq!(keys.get(), 5, "the keys re-ran for each change of shape");
    // Only the sort (a whole-collection update) and the write to item 4 re-ran its reader.
    flush();
    assert_eq!(reads.get(), 3);

    store.todos().remove(&4).unwrap();
    assert_eq!(four.try_get_untracked(), None);
    let missing = four.text().checked_set("gone".into()).unwrap_err();
    assert!(
        matches!(&missing, StoreError::Missing { path, .. } if path == "todos[id=4].text"),
        "{missing}"
    );
    assert!(matches!(
        store.todos().remove(&4),
        Err(StoreError::Missing { .. })
    ));
}

#[test]
fn extend_appends_rows_in_one_change_rerunning_only_the_shape_and_the_arrivals() {
    let _owner = owner();
    let store = Store::new(app());
    let seen = actions(store);
    let two = count_runs(move || {
        store.todos().by_key(2).text().try_get();
    });
    let arriving = count_runs(move || {
        store.todos().by_key(7).text().try_get();
    });
    let keys = count_runs(move || {
        store.todos().keys();
    });

    store.todos().extend([todo(6), todo(7), todo(8)]).unwrap();
    flush();
    assert_eq!(store.todos().keys(), [0, 1, 2, 3, 4, 5, 6, 7, 8]);
    assert_eq!((two.get(), arriving.get(), keys.get()), (1, 2, 2));
    assert_eq!(*seen.lock().unwrap(), ["todos.extend"]);

    // Nothing to append is no change at all.
    store.todos().extend([]).unwrap();
    flush();
    assert_eq!(seen.lock().unwrap().len(), 1);
    assert_eq!(keys.get(), 2);
}

#[test]
fn swap_exchanges_two_rows_by_key_and_refuses_a_missing_one() {
    let _owner = owner();
    let store = Store::new(app());
    let seen = actions(store);
    let one = count_runs(move || {
        store.todos().by_key(1).text().try_get();
    });
    let keys = count_runs(move || {
        store.todos().keys();
    });

    store.todos().swap(&4, &1).unwrap();
    flush();
    assert_eq!(store.todos().keys(), [0, 4, 2, 3, 1, 5]);
    assert_eq!(
        (one.get(), keys.get()),
        (1, 2),
        "the row's reader follows it by key"
    );
    assert_eq!(*seen.lock().unwrap(), ["todos.swap(id=4, id=1)"]);
    store.todos().by_key(1).text().set("moved".into());
    assert_eq!(store.with_untracked(|a| a.todos[4].text.clone()), "moved");

    let missing = store.todos().swap(&2, &42).unwrap_err();
    assert!(
        matches!(&missing, StoreError::Missing { path, .. } if path == "todos[id=42]"),
        "{missing}"
    );
    store.todos().swap(&3, &3).unwrap();
    assert_eq!(store.todos().keys(), [0, 4, 2, 3, 1, 5]);
}

#[test]
fn a_keyed_reader_of_an_absent_item_runs_again_when_it_arrives() {
    let _owner = owner();
    let store = Store::new(app());
    let seen = Arc::new(Mutex::new(Vec::new()));
    let log = seen.clone();
    count_runs(move || {
        log.lock()
            .unwrap()
            .push(store.todos().by_key(42).text().try_get());
    });
    store.todos().push(todo(42)).unwrap();
    flush();
    assert_eq!(*seen.lock().unwrap(), [None, Some("todo 42".to_string())]);
}

#[test]
fn collection_writes_rerun_the_positions_they_move() {
    let _owner = owner();
    let store = Store::new(app());
    let first = count_runs(move || {
        store.list().at(0).try_get();
    });
    let last = count_runs(move || {
        store.list().at(5).try_get();
    });
    let len = count_runs(move || {
        store.list().len();
    });

    store.list().push(todo(6)).unwrap();
    flush();
    assert_eq!([first.get(), last.get(), len.get()], [1, 1, 2]);

    store.list().remove(3).unwrap();
    flush();
    assert_eq!([first.get(), last.get(), len.get()], [1, 2, 3]);

    store.list().retain(|t| t.id != 0).unwrap();
    flush();
    assert_eq!([first.get(), len.get()], [2, 4]);

    store.list().clear().unwrap();
    flush();
    assert_eq!(store.list().len(), 0);
    assert!(store.list().at(0).try_get_untracked().is_none());
    assert!(matches!(
        store.list().insert(3, todo(1)),
        Err(StoreError::OutOfBounds {
            index: 3,
            len: 0,
            ..
        })
    ));
    assert!(matches!(
        store.list().remove(0),
        Err(StoreError::OutOfBounds { .. })
    ));
}

#[test]
fn option_and_map_slices() {
    let _owner = owner();
    let store = Store::new(App::default());
    let nickname = store.user().nickname().some();
    assert_eq!(nickname.try_get_untracked(), None);
    assert!(matches!(
        nickname.checked_set("x".into()),
        Err(StoreError::Missing { .. })
    ));
    let runs = count_runs(move || {
        nickname.try_get();
    });
    store.user().nickname().set(Some("ada".into()));
    nickname.update(|n| n.push('!'));
    flush();
    assert_eq!(nickname.get_untracked(), "ada!");
    assert_eq!(runs.get(), 2);

    let ada = store.scores().entry("ada".to_string());
    let bob = store.scores().entry("bob".to_string());
    let reader = ada.clone(); // a `String` key makes the slice `Clone`, not `Copy`
    let ada_runs = count_runs(move || {
        reader.try_get();
    });
    let bob_runs = count_runs(move || {
        bob.try_get();
    });
    store.scores().insert("ada".into(), 3).unwrap();
    ada.update(|n| *n += 1);
    flush();
    assert_eq!(ada.get_untracked(), 4);
    assert_eq!([ada_runs.get(), bob_runs.get()], [2, 1]);
    assert_eq!(store.scores().remove(&"ada".to_string()).unwrap(), Some(4));
    assert_eq!(store.scores().len(), 0);
}

#[test]
fn field_metadata_is_readable_at_run_time() {
    #[derive(State, Clone, PartialEq, Default)]
    struct Session {
        user: String,
        #[state(redact, persist = false)]
        token: String,
        #[state(history = false)]
        draft: String,
        #[state(skip)]
        hits: u64,
    }

    let fields: Vec<_> = Session::FIELDS
        .iter()
        .map(|f| (f.name(), f.slice(), f.persist(), f.history(), f.redact()))
        .collect();
    assert_eq!(
        fields,
        [
            ("user", true, true, true, false),
            ("token", true, false, true, true),
            ("draft", true, true, false, false),
            ("hits", false, true, true, false),
        ]
    );
    assert_eq!(App::field("todos").unwrap().key(), Some("id"));
    assert_eq!(App::field("list").unwrap().key(), None);
}

#[test]
fn generic_structs_have_slices() {
    #[derive(State, Clone, PartialEq, Default)]
    struct Labeled<T> {
        label: String,
        value: T,
    }

    let _owner = owner();
    let store = Store::new(Labeled {
        label: "answer".into(),
        value: 41_u8,
    });
    store.value().update(|v| *v += 1);
    assert_eq!(store.value().get_untracked(), 42);
    assert_eq!(Labeled::<u8>::FIELDS[1].name(), "value");
}

#[test]
fn arc_stores_have_slices_and_disposed_stores_refuse_writes() {
    let _owner = owner();
    let arc = ArcStore::new(app());
    arc.filter().set("all".into());
    assert_eq!(arc.filter().get_untracked(), "all");

    let child = Owner::new();
    let store = child.with(|| Store::new(app()));
    let filter = store.filter();
    child.cleanup();
    assert!(filter.is_disposed());
    assert_eq!(filter.try_get_untracked(), None);
    assert!(matches!(
        filter.checked_set("x".into()),
        Err(StoreError::Disposed { .. })
    ));
}

#[test]
fn slices_convert_into_signals_for_props() {
    let _owner = owner();
    let store = Store::new(app());
    let filter: Signal<String> = store.filter().into_signal();
    let third: Signal<Todo> = store.todos().by_key(3).into_signal();
    store.filter().set("active".into());
    assert_eq!(filter.get_untracked(), "active");
    assert_eq!(third.get_untracked().id, 3);
}

#[test]
fn toggling_one_of_ten_thousand_keyed_rows_reruns_that_row_only() {
    let _owner = owner();
    let store = Store::new(App {
        todos: (0..10_000).map(todo).collect(),
        ..App::default()
    });
    let rows: Vec<_> = (0..10_000)
        .map(|id| {
            count_runs(move || {
                store.todos().by_key(id).done().get();
            })
        })
        .collect();
    let keys = count_runs(move || {
        store.todos().keys();
    });

    store.todos().by_key(4_321).done().update(|d| *d = !*d);
    flush();

    let reran: Vec<usize> = (0..10_000).filter(|&id| rows[id].get() > 1).collect();
    assert_eq!(reran, [4_321]);
    assert_eq!(keys.get(), 1, "the keyed list itself did not re-run");
}

#[derive(State, Clone, PartialEq, Debug)]
struct Project {
    id: u32,
    #[state(key = |t| t.id)]
    todos: Vec<Todo>,
}

#[derive(State, Clone, PartialEq, Debug, Default)]
struct Workspace {
    #[state(key = |p| p.id)]
    projects: Vec<Project>,
    pinned: Option<Todo>,
}

fn workspace() -> Workspace {
    Workspace {
        projects: (0..3)
            .map(|id| Project {
                id,
                todos: (10..14).map(todo).collect(),
            })
            .collect(),
        pinned: Some(todo(1)),
    }
}

#[test]
fn a_refused_write_two_keyed_steps_deep_is_undone_in_place() {
    // Regression: positions pinned outermost-first were replayed innermost-first.
    let _owner = owner();
    let store = Store::new(workspace());
    store.attach(Validate::new(|w: &Workspace| {
        if w.projects.iter().flat_map(|p| &p.todos).any(|t| t.done) {
            Err("nothing is done yet")
        } else {
            Ok(())
        }
    }));
    let before = store.get_untracked();
    let done = store.projects().by_key(2).todos().by_key(11).done();
    assert!(done.checked_set(true).is_err());
    assert_eq!(store.get_untracked(), before);
}

#[test]
fn changing_an_items_key_through_its_slice_reruns_the_keys() {
    let _owner = owner();
    let store = Store::new(app());
    let keys = count_runs(move || {
        store.todos().keys();
    });
    let newcomer = Arc::new(Mutex::new(Vec::new()));
    let seen = newcomer.clone();
    count_runs(move || {
        seen.lock()
            .unwrap()
            .push(store.todos().by_key(50).text().try_get());
    });

    store.todos().by_key(3).id().set(50);
    flush();

    assert_eq!(keys.get(), 2);
    assert_eq!(store.todos().keys(), [0, 1, 2, 50, 4, 5]);
    assert_eq!(
        *newcomer.lock().unwrap(),
        [None, Some("todo 3".to_string())]
    );
}

#[test]
fn setting_an_option_reruns_the_readers_inside_it() {
    let _owner = owner();
    let store = Store::new(workspace());
    let inner = Arc::new(Mutex::new(Vec::new()));
    let seen = inner.clone();
    count_runs(move || {
        seen.lock()
            .unwrap()
            .push(store.pinned().some().done().try_get());
    });
    let mut done = todo(1);
    done.done = true;
    store.pinned().set(Some(done));
    flush();
    store.pinned().set(None);
    flush();
    assert_eq!(*inner.lock().unwrap(), [Some(false), Some(true), None]);
}

#[test]
fn readers_of_a_removed_item_see_it_go_and_come_back() {
    let _owner = owner();
    let store = Store::new(app());
    let seen = Arc::new(Mutex::new(Vec::new()));
    let log = seen.clone();
    count_runs(move || {
        log.lock()
            .unwrap()
            .push(store.todos().by_key(2).done().try_get());
    });
    store.todos().remove(&2).unwrap();
    flush();
    store.todos().push(todo(2)).unwrap();
    flush();
    store.todos().by_key(2).done().set(true);
    flush();
    assert_eq!(
        *seen.lock().unwrap(),
        [Some(false), None, Some(false), Some(true)]
    );
}
